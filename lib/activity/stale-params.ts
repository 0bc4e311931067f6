import { param, parseSearchParams, type RawSearchParams } from '../http/search-params';
import { READ_WINDOWS, STALE_SORTS, type StaleSort } from './stale';

export type StaleParams = {
  read: number | null;
  changed: number | null;
  sort: StaleSort;
  dir: 'asc' | 'desc';
  page: number;
};

const wholeDays = param.whole(3650, 'a whole number of days');
const pageNumber = param.whole(9999, 'a page number');

/** The stale view's query: ?read=30|90&changed=N&sort=…&dir=…&page=N (bad parts are ignored). */
export function parseStaleParams(raw: RawSearchParams): StaleParams & { active: boolean } {
  const { data } = parseSearchParams(raw, {
    read: param.oneOf(READ_WINDOWS),
    changed: wholeDays,
    sort: param.oneOf(STALE_SORTS),
    dir: param.oneOf(['asc', 'desc'] as const),
    page: pageNumber,
  });
  return {
    read: data.read ? Number(data.read) : null,
    changed: data.changed ?? null,
    sort: data.sort ?? 'last_read',
    dir: data.dir ?? 'asc',
    page: Math.max(1, data.page ?? 1),
    active: Boolean(data.read || data.changed || data.sort),
  };
}

/** The query string for a stale view, omitting defaults. */
export function staleQuery(p: Partial<StaleParams>): Record<string, string | null> {
  return {
    read: p.read ? String(p.read) : null,
    changed: p.changed ? String(p.changed) : null,
    sort: p.sort ?? null,
    dir: p.dir ?? null,
    page: p.page && p.page > 1 ? String(p.page) : null,
  };
}
