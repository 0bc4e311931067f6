import 'server-only';
import type { WorkOS } from '@workos-inc/node';

/**
 * F3-03: the Vault list's `updated_after` filter, sent as an ISO 8601 string by the console itself.
 * Node's SDK (10.x to 12.x) puts `String(date)` on the wire ("Mon Dec 07 2026 …"), which the docs
 * do not promise WorkOS parses; the documented format is ISO 8601. So the filtered list is read
 * raw, and mapped to the SDK's own list shape for the rest of the sync.
 */
export type ChangedPage = {
  data: { id: string; name: string; updatedAt: Date | null }[];
  listMetadata: { after: string | null; before: string | null };
};

type RawPage = {
  data: { id: string; name: string; updated_at?: string | null }[];
  list_metadata?: { after?: string | null; before?: string | null };
};

export async function listChangedSince(
  workos: WorkOS,
  since: Date,
  opts: { after?: string | null; limit?: number } = {},
): Promise<ChangedPage> {
  const res = await workos.get('/vault/v1/kv', {
    query: {
      limit: opts.limit ?? 100,
      order: 'asc',
      updated_after: since.toISOString(),
      ...(opts.after ? { after: opts.after } : {}),
    },
  });
  const page = res.data as RawPage;
  return {
    data: page.data.map((o) => ({
      id: o.id,
      name: o.name,
      updatedAt: o.updated_at ? new Date(o.updated_at) : null,
    })),
    listMetadata: {
      after: page.list_metadata?.after ?? null,
      before: page.list_metadata?.before ?? null,
    },
  };
}

/**
 * The status of a 4xx that refuses the filter itself (400, 422 and the like), or null. Auth (401,
 * 403), a timeout (408) and rate limits (429) are not about the filter and are left to the caller.
 */
export function filterRejectedStatus(err: unknown): number | null {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  return [401, 403, 408, 429].includes(status) ? null : status;
}

export type ListFilterState =
  { mode: 'filtered' } | { mode: 'ignored' | 'rejected'; status: number | null; since: string };

/** The index_state key holding the ListFilterState the settings page shows. */
export const LIST_FILTER_STATE = 'updated_after_fallback';

/** Node's SDK sends updated_after as String(date), which has whole seconds: look back further. */
export const WATERMARK_MARGIN_MS = 5_000;
