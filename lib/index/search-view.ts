import 'server-only';
import { getDb } from '../db/client';
import { cachedOrgNames } from '../org-names';
import { toObjectRow } from './object-rows';
import { listObjects } from './store';

/**
 * The shortest name search across every organization: the trigram index serves 3 characters
 * and more; a shorter query would read every name in the index (seconds at 1M objects).
 */
export const SEARCH_MIN_LENGTH = 3;

/** How long a query counts as for that rule: characters, not UTF-16 units, after trimming. */
export function searchLength(query: string): number {
  return [...query.trim()].length;
}

/** One page of the name search across every organization, with the org names its rows show. */
export async function searchObjects(query: string, cursor: string | null) {
  if (searchLength(query) < SEARCH_MIN_LENGTH)
    throw new Error(`a name search needs at least ${SEARCH_MIN_LENGTH} characters`);
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
