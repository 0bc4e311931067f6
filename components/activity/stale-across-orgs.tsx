import { Card, CardHeader } from '@/components/ui/card';
import { staleAcrossOrgsView } from '@/lib/activity/stale-view';
import type { RawSearchParams } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { StaleSection } from './stale-section';

/**
 * The search page's stale view across every organization (narrowed by the name query when one
 * is given). The caller has already checked the session and vault.metadata:read.
 */
export async function StaleAcrossOrgs({ raw, query }: { raw: RawSearchParams; query: string }) {
  const { stale, page, horizon, orgNames } = await staleAcrossOrgsView(raw, query);
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
