import 'server-only';
import { getDb } from '../db/client';
import type { RawSearchParams } from '../http/search-params';
import { cachedOrgNames } from '../org-names';
import { listStale } from './stale';
import { parseStaleParams } from './stale-params';
import { activityHorizon } from './store';

const PAGE = 50;

/**
 * The stale view across every organization (narrowed by the name query when one is given):
 * its parsed filters, one page of rows, the activity horizon and the organizations' names.
 * The caller has already checked the session and vault.metadata:read.
 */
export async function staleAcrossOrgsView(raw: RawSearchParams, query: string) {
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
  return { stale, page, horizon, orgNames };
}
