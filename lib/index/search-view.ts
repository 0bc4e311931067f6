import 'server-only';
import { getDb } from '../db/client';
import { cachedOrgNames } from '../org-names';
import { toObjectRow } from './object-rows';
import { listObjects } from './store';

/** One page of the name search across every organization, with the org names its rows show. */
export async function searchObjects(query: string, cursor: string | null) {
  const db = await getDb();
  const page = await listObjects(db, {
    orgId: null,
    search: query,
    sort: 'name',
    dir: 'asc',
    cursor,
    limit: 50,
  });
  const rows = page.rows.map(toObjectRow);
  const orgNames = await cachedOrgNames([
    ...new Set(rows.map((r) => r.orgId).filter((x): x is string => Boolean(x))),
  ]);
  return { rows, prevCursor: page.prevCursor, nextCursor: page.nextCursor, orgNames };
}
