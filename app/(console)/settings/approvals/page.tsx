import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td, TimeCell } from '@/components/ui/table';
import { PolicyForm } from './_components/policy-form';
import {
  DEFAULT_POLICY_FIELDS,
  listPolicies,
  policyHistory,
  type StoredPolicy,
} from '@/lib/approvals/policy';
import { policyScopeSchema, type PolicyFields } from '@/lib/approvals/schemas';
import { requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { cachedOrgNames } from '@/lib/org-names';

export const metadata = { title: 'Approval policy' };

function fieldsOf(p: StoredPolicy): PolicyFields {
  const { scope: _s, version: _v, updatedAt: _u, updatedByEmail: _e, ...fields } = p;
  return fields;
}

export default async function ApprovalPolicyPage({ searchParams }: PageInput) {
  await requirePermission('console.policy:manage');
  const { org } = parseSearchParams(await searchParams, { org: param.text(80) }).data;
  const [policies, history] = await Promise.all([listPolicies(), policyHistory()]);
  const env = policies.find((p) => p.scope === 'environment') ?? null;
  const overrides = policies.filter((p) => p.scope !== 'environment');
  const newOrg =
    org &&
    policyScopeSchema.safeParse(org).success &&
    org !== 'environment' &&
    !overrides.some((o) => o.scope === org)
      ? org
      : null;
  const names = await cachedOrgNames([
    ...overrides.map((o) => o.scope),
    ...(newOrg ? [newOrg] : []),
  ]);
  const updated = (p: StoredPolicy) => (
    <>
      Version {p.version}, changed by {p.updatedByEmail} <RelativeTime date={p.updatedAt} />
    </>
  );
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href="/settings">Settings</Crumb>}
        title="Approval policy"
        description="Who needs a second person, and for what. With no policy the console works as before: people with reveal permission reveal, others cannot ask."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Environment default"
            description={
              env
                ? updated(env)
                : 'Not configured: nothing needs approval, and nobody can ask for access.'
            }
          />
          <PolicyForm
            scope="environment"
            initial={env ? fieldsOf(env) : DEFAULT_POLICY_FIELDS}
            version={env?.version ?? 0}
            removable={false}
          />
        </Card>
        {overrides.map((p) => (
          <Card key={p.scope}>
            <CardHeader
              title={`Override: ${names.get(p.scope) ?? p.scope}`}
              description={updated(p)}
            />
            <PolicyForm scope={p.scope} initial={fieldsOf(p)} version={p.version} removable />
          </Card>
        ))}
        {newOrg ? (
          <Card>
            <CardHeader
              title={`New override: ${names.get(newOrg) ?? newOrg}`}
              description="Applies to this organization instead of the default."
            />
            <PolicyForm
              scope={newOrg}
              initial={env ? fieldsOf(env) : DEFAULT_POLICY_FIELDS}
              version={0}
              removable={false}
            />
          </Card>
        ) : (
          <Card>
            <CardHeader title="Add an organization override" />
            <form action="/settings/approvals" className="flex flex-wrap items-end gap-2 px-5 py-4">
              <Field id="override-org" label="Organization id">
                {(c) => (
                  <Input
                    {...c}
                    name="org"
                    required
                    pattern="org_[A-Za-z0-9]+"
                    placeholder="org_…"
                    className="mt-1 w-64 max-w-full"
                  />
                )}
              </Field>
              <button type="submit" className={buttonClass('secondary')}>
                Add override
              </button>
            </form>
          </Card>
        )}
        <Card className="overflow-hidden">
          <CardHeader title="Changes" description="Every policy change, from the audit trail." />
          {history.length === 0 ? (
            <p className="px-5 py-4 text-sm text-slate-600">No changes yet.</p>
          ) : (
            <Table
              caption="Policy changes, newest first"
              columns={['When', 'Who', 'Scope', 'Change']}
            >
              {history.map((h, i) => (
                <tr key={i}>
                  <TimeCell date={h.at} show="absolute" />
                  <Td>{h.email}</Td>
                  <Td kind="mono">{h.scope === 'environment' ? 'environment default' : h.scope}</Td>
                  <Td kind="muted">
                    {h.action === 'policy.removed'
                      ? 'override removed'
                      : `version ${h.version}: ${h.changed || 'no field changed'}`}
                  </Td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
