import { Card, CardHeader } from '@/components/ui/card';
import { listStale } from '@/lib/activity/stale';
import { parseStaleParams } from '@/lib/activity/stale-params';
import { activityHorizon } from '@/lib/activity/store';
import { getDb } from '@/lib/db/client';
import type { RawSearchParams } from '@/lib/http/search-params';
import { cachedOrgNames } from '@/lib/org-names';
import { paths } from '@/lib/paths';
import { StaleSection } from './stale-section';

const PAGE = 50;

/**
 * The search page's stale view across every organization (narrowed by the name query when one
 * is given). The caller has already checked the session and vault.metadata:read.
 */
export async function StaleAcrossOrgs({ raw, query }: { raw: RawSearchParams; query: string }) {
  const stale = parseStaleParams(raw);
  const db = await getDb();
  const [page, horizon] = await Promise.all([
    stale.active
      ? listStale(
          db,
          {
            orgId: null,
            search: query || null,
            notReadDays: stale.read,
            notChangedDays: stale.changed,
          },
          { sort: stale.sort, dir: stale.dir, limit: PAGE, offset: (stale.page - 1) * PAGE },
        )
      : null,
    activityHorizon(db),
  ]);
  const orgNames = page
    ? await cachedOrgNames([
        ...new Set(page.rows.map((r) => r.orgId).filter((x): x is string => Boolean(x))),
      ])
    : new Map<string, string>();
  return (
    <Card className="mt-6 overflow-hidden" id="stale">
      <CardHeader
        title="Stale secrets across all organizations"
        description="Pick a filter to list objects nobody has read or changed for a while."
      />
      <StaleSection
        rows={page?.rows ?? []}
        hasMore={page?.hasMore ?? false}
        params={stale}
        href={(q) => `${paths.search({ q: query || null, ...q })}#stale`}
        horizon={horizon}
        orgNames={orgNames}
        emptyText={
          page ? 'No objects match these filters.' : 'Choose a filter or a column to sort by.'
        }
      />
    </Card>
  );
}
