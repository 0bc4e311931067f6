import { Link } from '@/components/ui/link';
import { ByokBadge } from '@/components/byok/byok-badge';
import { Table, Td, TimeCell } from '@/components/ui/table';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { requirePermission } from '@/lib/auth/session';
import { byokOverview } from '@/lib/byok/views';
import { providerLabel, STATE_LABELS, STATE_SEVERITY, type ByokState } from '@/lib/byok/state';
import { awaitFirstSync } from '@/lib/index/runtime';
import { ByokSyncNotice } from '@/components/layout/first-sync-notice';
import { cn } from '@/lib/cn';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'BYOK status' };

const FILTERS: { key: 'all' | ByokState; label: string }[] = [
  { key: 'all', label: 'All' },
  { key: 'deleted', label: STATE_LABELS.deleted },
  { key: 'failed', label: STATE_LABELS.failed },
  { key: 'verified', label: STATE_LABELS.verified },
];

export default async function ByokOverviewPage({ searchParams }: PageInput) {
  await requirePermission('vault.byok:read');
  const state =
    parseSearchParams(await searchParams, { state: param.text(20) }).data.state || 'all';
  const filter = FILTERS.some((f) => f.key === state) ? (state as 'all' | ByokState) : 'all';
  const { byokSynced } = await awaitFirstSync();
  const { statuses, names } = await byokOverview();
  const counts = { deleted: 0, failed: 0, verified: 0, unknown: 0 } as Record<ByokState, number>;
  for (const s of statuses.values()) counts[s.state]++;
  const rows = [...statuses.entries()]
    .filter(([, s]) => filter === 'all' || s.state === filter)
    .sort(
      ([a, x], [b, y]) =>
        STATE_SEVERITY[x.state] - STATE_SEVERITY[y.state] ||
        (names.get(a) ?? a).localeCompare(names.get(b) ?? b),
    );

  return (
    <>
      <PageHeader
        title="BYOK status"
        description="Organizations with a BYOK event the console has seen, broken keys first. Any other organization’s key is unknown: WorkOS keeps 30 days of events and has no BYOK status API."
      />
      {!byokSynced ? <ByokSyncNotice /> : null}
      <nav aria-label="Filter by state" className="mb-4 flex flex-wrap gap-2">
        {FILTERS.map((f) => (
          <Link
            key={f.key}
            href={f.key === 'all' ? '/byok' : `/byok?state=${f.key}`}
            aria-current={filter === f.key ? 'page' : undefined}
            className={cn(
              'rounded-full px-3 py-1 text-sm ring-1 ring-inset',
              filter === f.key
                ? 'keep-colors bg-indigo-600 text-white ring-indigo-600'
                : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
            )}
          >
            {f.label}
            {f.key !== 'all' ? ` (${counts[f.key]})` : ''}
          </Link>
        ))}
      </nav>
      <Card className="overflow-hidden">
        {rows.length === 0 ? (
          <EmptyState
            title={
              filter === 'all'
                ? 'No organization has configured a customer-managed key'
                : `No organization is in the “${STATE_LABELS[filter as ByokState]}” state`
            }
          >
            BYOK status comes from <code>vault.byok_key.*</code> events, synced every few seconds.
          </EmptyState>
        ) : (
          <Table
            caption="BYOK state by organization"
            columns={['Organization', 'Provider', 'State', 'Last verified', 'Changed']}
          >
            {rows.map(([orgId, s]) => (
              <tr key={orgId}>
                <Td>
                  <Link
                    href={paths.orgByok(orgId)}
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    {names.get(orgId) ?? orgId}
                  </Link>
                </Td>
                <Td>{providerLabel(s.provider)}</Td>
                <Td>
                  <ByokBadge status={s} />
                </Td>
                <Td className="whitespace-nowrap">
                  {s.lastVerifiedAt ? <RelativeTime date={s.lastVerifiedAt} /> : 'Never'}
                </Td>
                <TimeCell date={s.changedAt} kind="text" className="whitespace-nowrap" />
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
