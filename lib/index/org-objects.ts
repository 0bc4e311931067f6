import 'server-only';
import { getDb } from '../db/client';
import { listObjects } from './store';
import { OBJECT_PAGE_SIZE, type ObjectListParams } from './list-params';
import { toObjectRow, type ObjectRowsPage } from './object-rows';

/** One page of an organization's objects from the context index (no WorkOS call). */
export async function orgObjectsPage(orgId: string, p: ObjectListParams): Promise<ObjectRowsPage> {
  const db = await getDb();
  const page = await listObjects(db, {
    orgId,
    search: p.q,
    sort: p.sort,
    dir: p.dir,
    cursor: p.cursor,
    limit: OBJECT_PAGE_SIZE,
  });
  return {
    rows: page.rows.map(toObjectRow),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  };
}
