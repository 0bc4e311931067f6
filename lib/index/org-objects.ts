import 'server-only';
import { getDb } from '../db/client';
import { listObjects, type ObjectPage } from './store';
import { OBJECT_PAGE_SIZE, parseObjectListParams, type ObjectListParams } from './list-params';
import { awaitFirstSync, getIndexStatus } from './runtime';
import { toObjectRow, type ObjectRowsPage } from './object-rows';

/** The index query for one page of the org table, from its parsed URL or API parameters. */
function listOptions(orgId: string, p: ObjectListParams) {
  return {
    orgId,
    search: p.q,
    sort: p.sort,
    dir: p.dir,
    cursor: p.cursor,
    limit: OBJECT_PAGE_SIZE,
  };
}

/** One page of an organization's objects from the context index (no WorkOS call). */
export async function orgObjectsPage(orgId: string, p: ObjectListParams): Promise<ObjectRowsPage> {
  const db = await getDb();
  return toRowsPage(await listObjects(db, listOptions(orgId, p)));
}

function toRowsPage(page: ObjectPage): ObjectRowsPage {
  return {
    rows: page.rows.map(toObjectRow),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  };
}

/**
 * The org page's list: the first page and the organization's total (one statement), and (only
 * while the first sync is still building the index) the sync status for its progress figure.
 */
export async function orgObjectsView(orgId: string) {
  const db = await getDb();
  const { indexReady } = await awaitFirstSync();
  const p = parseObjectListParams({});
  const [page, building] = await Promise.all([
    listObjects(db, { ...listOptions(orgId, p), orgTotal: true }),
    indexReady ? null : getIndexStatus(),
  ]);
  return { first: toRowsPage(page), total: page.orgTotal ?? 0, building };
}
