import { Link } from '@/components/ui/link';
import { orgForPage } from '@/components/orgs/org-for-page';
import { OrgHeader } from '@/components/orgs/org-tabs';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Table, NameCell, Td } from '@/components/ui/table';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { STATE_LABELS } from '@/lib/byok/state';
import { formatCount } from '@/lib/format';
import { KIND_TITLES } from '@/lib/operations/kinds';
import { operationsView } from '@/lib/operations/views';
import { paths } from '@/lib/paths';
import { PlanButton } from './_components/plan-button';
import { SelectDelete } from './_components/select-delete';
import { TenantPortalLinks } from './_components/tenant-portal-links';

export const metadata = { title: 'Operations' };

const METHOD_NOTE = {
  key_id: 'Exact: a BYOK event named the customer key’s id.',
  time: 'Estimated from write times: WorkOS’s BYOK events do not name the key id, and WorkOS wraps at write time, so objects last written before the key was verified are on WorkOS-managed keys.',
} as const;

export default async function OperationsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const session = await requirePermission('vault.metadata:read');
  const { orgId } = await params;
  const { org, panel } = await orgForPage(orgId, paths.orgOperations(orgId));
  if (!org) return panel;
  const { status, total, rewrap, blast, runs, progress, choices } = await operationsView(org.id);
  const canDelete = hasPermission(session, 'vault.objects:delete');
  const canRewrap =
    hasPermission(session, 'vault.objects:write') && hasPermission(session, 'vault.values:reveal');

  return (
    <>
      <OrgHeader org={org} current="operations" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Move onto the customer key"
            description="Re-encrypt objects still on WorkOS-managed keys: each is read and written back with the same value and a version check. Previewed first; resumable."
          />
          <div className="space-y-3 px-5 py-4 text-sm">
            <p>
              Customer key:{' '}
              <Badge tone={status.state === 'verified' ? 'green' : 'neutral'}>
                {STATE_LABELS[status.state]}
              </Badge>
            </p>
            {rewrap.ok ? (
              <>
                <p data-testid="rewrap-count">
                  {formatCount(rewrap.rows.length)} of {formatCount(total)} objects are not on the
                  customer key yet.
                </p>
                <p className="text-xs text-slate-600">{METHOD_NOTE[rewrap.method]}</p>
                {canRewrap && rewrap.rows.length ? (
                  <PlanButton
                    orgId={org.id}
                    operation="rewrap"
                    label="Preview the migration"
                    variant="primary"
                  />
                ) : null}
              </>
            ) : (
              <p className="text-slate-700">{rewrap.reason}</p>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Offboard this organization"
            description="Delete every object under this organization’s context, each with its version check, and keep an erasure report. Previewed first; confirmed by typing the name."
          />
          <div className="space-y-3 px-5 py-4 text-sm">
            <p>{formatCount(total)} objects in the index for this organization.</p>
            {canDelete && total ? (
              <PlanButton
                orgId={org.id}
                operation="offboard"
                label="Preview the offboarding"
                variant="danger"
              />
            ) : null}
          </div>
        </Card>
      </div>
      {canDelete && total ? (
        <Card className="mt-6">
          <CardHeader
            title="Delete several objects"
            description="Choose objects (the first 200 by name), then confirm on the preview by typing the organization’s name. Each delete carries its version check."
          />
          <SelectDelete orgId={org.id} objects={choices} />
        </Card>
      ) : null}
      {canRewrap ? (
        <p className="mt-6 text-sm">
          <Link href={paths.orgImport(org.id)} className="text-indigo-700 hover:underline">
            Import a .env or JSON file into this organization
          </Link>
          {' · '}
          <Link
            href={paths.createInOrgs({ orgs: org.id })}
            className="text-indigo-700 hover:underline"
          >
            Create a name in several organizations
          </Link>
        </p>
      ) : null}
      <Card className="mt-6">
        <CardHeader
          title="Export the object list"
          description="Names, ids, key contexts, key ids, versions and update times from the console index. No values. Each download is recorded in the audit trail."
        />
        <p className="flex gap-3 px-5 py-4 text-sm">
          <a className="text-indigo-700 hover:underline" href={paths.orgExport(org.id, 'csv')}>
            Download CSV
          </a>
          <a className="text-indigo-700 hover:underline" href={paths.orgExport(org.id, 'json')}>
            Download JSON
          </a>
        </p>
      </Card>
      {hasPermission(session, 'vault.byok:manage') ? (
        <Card className="mt-6">
          <CardHeader title="Show the customer its audit trail" />
          <TenantPortalLinks orgId={org.id} />
        </Card>
      ) : null}
      <Card className="mt-6 overflow-hidden">
        <CardHeader
          title="Blast radius of the customer key"
          description={
            blast.method
              ? `If the customer revokes or replaces its key, these ${blast.rows.length} objects become unreadable. ${METHOD_NOTE[blast.method]}`
              : 'This organization has no customer key: revoking nothing makes nothing unreadable.'
          }
        />
        {blast.rows.length ? (
          <Table caption="Objects on the customer key" columns={['Object', 'Key id']}>
            {blast.rows.map((o) => (
              <tr key={o.id}>
                <NameCell dense href={paths.object(o.id)} name={o.name} />
                <Td dense className="font-mono text-xs">
                  {o.key_id ?? '—'}
                </Td>
              </tr>
            ))}
          </Table>
        ) : null}
      </Card>
      <Card className="mt-6 overflow-hidden">
        <CardHeader title="Operations in this organization" />
        {runs.length ? (
          <Table caption="Operations" columns={['Operation', 'Planned by', 'Status', 'Objects']}>
            {runs.map((r, i) => (
              <tr key={r.id}>
                <Td dense>
                  <Link
                    href={paths.orgOperation(org.id, r.id)}
                    className="text-indigo-700 hover:underline"
                  >
                    {KIND_TITLES[r.kind]}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{r.id}</div>
                </Td>
                <Td dense>{r.created_by_email}</Td>
                <Td dense>{r.status}</Td>
                <Td dense>
                  {progress[i]!.done} done / {progress[i]!.total}
                </Td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="px-5 py-4 text-sm text-slate-600">None yet.</p>
        )}
      </Card>
    </>
  );
}
