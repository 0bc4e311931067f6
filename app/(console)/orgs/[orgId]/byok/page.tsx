import { ByokBadge } from '@/components/byok/byok-badge';
import { ByokWarning } from '@/components/byok/byok-warning';
import { PortalLink } from './_components/portal-link';
import { KeyTest } from './_components/key-test';
import { Alert } from '@/components/ui/alert';
import { OrgHeader } from '@/components/orgs/org-tabs';
import { Badge } from '@/components/ui/badge';
import { Table, Td, TimeCell } from '@/components/ui/table';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { orgByokView } from '@/lib/byok/views';
import { providerLabel, STATE_LABELS } from '@/lib/byok/state';
import { awaitFirstSync } from '@/lib/index/runtime';
import { ByokSyncNotice } from '@/components/layout/first-sync-notice';
import { formatCount } from '@/lib/format';
import { getOrganization } from '@/lib/orgs';
import { paths } from '@/lib/paths';

export const metadata = { title: 'BYOK status' };

export default async function OrgByokPage({ params }: { params: Promise<{ orgId: string }> }) {
  const session = await requirePermission('vault.byok:read');
  const { orgId } = await params;
  const result = await getOrganization(orgId);
  if (!result.ok)
    return (
      <ErrorPanel error={result.error} what="this organization" retryHref={paths.orgByok(orgId)} />
    );
  const org = result.data;
  const { byokSynced } = await awaitFirstSync();
  const { status, coverage, keyCheck, history } = await orgByokView(org.id);
  const unknown = status.state === 'unknown';

  return (
    <>
      <OrgHeader org={org} current="byok" />
      {!byokSynced ? <ByokSyncNotice /> : null}
      <div className="mb-6">
        <ByokWarning status={status} coverage={coverage} />
        {unknown && byokSynced ? (
          <Alert tone="info" title="Unknown: no BYOK events in the last 30 days">
            <p>
              WorkOS has no BYOK status API, and its Events API keeps only 30 days of events. A
              customer-managed key verified before that window leaves no event for the console to
              read, so this organization may have one or may use WorkOS-managed keys. Every BYOK
              event the console has seen is kept below for good.{' '}
              {hasPermission(session, 'vault.byok:manage')
                ? 'Test the customer key to see whether WorkOS can use this organization’s key right now.'
                : 'An admin with vault.byok:manage can test the customer key.'}
            </p>
          </Alert>
        ) : null}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Customer-managed key" />
            <dl className="grid grid-cols-1 gap-4 px-5 py-4 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-600">Provider</dt>
                <dd className="mt-0.5 font-medium">
                  {unknown ? 'Unknown' : providerLabel(status.provider)}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">State</dt>
                <dd className="mt-0.5">
                  <ByokBadge status={status} synced={byokSynced} />{' '}
                  <span className="sr-only">{STATE_LABELS[status.state]}</span>
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Last successful verification</dt>
                <dd className="mt-0.5 font-medium">
                  {status.lastVerifiedAt ? <RelativeTime date={status.lastVerifiedAt} /> : 'Never'}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Last change</dt>
                <dd className="mt-0.5 font-medium">
                  {status.changedAt ? <RelativeTime date={status.changedAt} /> : '—'}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Objects on the customer key</dt>
                <dd className="mt-0.5 font-medium tabular-nums">
                  {unknown ? 'Unknown' : formatCount(coverage.customerKey)}
                  {coverage.method === 'time' ? (
                    <span className="ml-1 text-xs font-normal text-slate-500">
                      (estimate: written since verification)
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Objects on WorkOS-managed keys</dt>
                <dd className="mt-0.5 font-medium tabular-nums">
                  {unknown ? 'Unknown' : formatCount(coverage.workosManaged)}
                </dd>
              </div>
            </dl>
            <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
              WorkOS has no BYOK status API. This page folds the organization’s{' '}
              <code>vault.byok_key.*</code> events, which the console copies into its own database
              because the Events API keeps only 30 days.
            </p>
          </Card>
          <Card className="overflow-hidden">
            <CardHeader
              title="Key ids on this organization’s objects"
              description="Facts from the console’s index: each key id WorkOS reports on the organization’s objects, how many objects use it, and the oldest write still on it."
            />
            {coverage.keys.length === 0 ? (
              <EmptyState title="No objects indexed">
                The index has no objects for this organization yet.
              </EmptyState>
            ) : (
              <Table
                caption="Key ids"
                columns={['Key id', 'Objects', 'Oldest write on it', 'Note']}
              >
                {coverage.keys.map((k) => (
                  <tr key={k.keyId}>
                    <Td kind="mono">{k.keyId}</Td>
                    <Td className="tabular-nums">{formatCount(k.objects)}</Td>
                    <Td className="whitespace-nowrap">
                      {k.since ? <RelativeTime date={k.since} /> : '—'}
                    </Td>
                    <Td className="text-xs text-slate-600">
                      {k.customerKey === 'known'
                        ? 'The customer key (named by a BYOK event)'
                        : k.customerKey === 'estimate'
                          ? 'Estimate: probably the customer key (every object on it was written after the last verification)'
                          : '—'}
                    </Td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card className="overflow-hidden">
            <CardHeader
              title="Event history"
              description="Every BYOK event the console has seen for this organization, newest first."
            />
            {history.length === 0 ? (
              <EmptyState title="No BYOK events">
                The console has seen no BYOK event for this organization. Events older than 30 days
                are gone from WorkOS, so this does not mean it never configured a key.
              </EmptyState>
            ) : (
              <Table caption="BYOK events" columns={['When', 'Event', 'Provider', 'Result']}>
                {history.map((e) => (
                  <tr key={e.id}>
                    <TimeCell date={e.occurred_at} kind="text" className="whitespace-nowrap" />
                    <Td className="font-mono text-xs">{e.event}</Td>
                    <Td>{providerLabel(e.provider)}</Td>
                    <Td>
                      {e.event === 'vault.byok_key.deleted' ? (
                        <Badge tone="red">Deleted</Badge>
                      ) : e.verified ? (
                        <Badge tone="green">Verified</Badge>
                      ) : (
                        <Badge tone="amber">Verification failed</Badge>
                      )}
                    </Td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Test the customer key" />
            {hasPermission(session, 'vault.byok:manage') ? (
              <KeyTest
                orgId={org.id}
                last={
                  keyCheck ? { ...keyCheck, checkedAt: keyCheck.checkedAt.toISOString() } : null
                }
              />
            ) : (
              <p className="px-5 py-4 text-sm text-slate-600">
                Testing the key needs the vault.byok:manage permission.
              </p>
            )}
          </Card>
          <Card>
            <CardHeader title="Set up or replace the key" />
            {hasPermission(session, 'vault.byok:manage') ? (
              <PortalLink orgId={org.id} />
            ) : (
              <p className="px-5 py-4 text-sm text-slate-600">
                Generating a setup link needs the vault.byok:manage permission.
              </p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
