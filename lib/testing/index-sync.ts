import type { TestEmulator } from '../emulator/testing';

/**
 * IndexSync options for tests: no loop or reconcile of its own, a budget that never waits, and
 * pages of 10 (WorkOS's are up to 100), so a few objects make several pages.
 */
export const FAST_SYNC = {
  intervalMs: 60_000,
  reconcileIntervalMs: 3_600_000,
  maxRequestsPerMinute: 600_000,
  listPageSize: 10,
};

export type LoggedRequest = { method: string; path: string };

/** The emulator's request log: where it stands now, and what was asked since. */
export function requestLog(t: () => TestEmulator) {
  return {
    lastSeq: async (): Promise<number> =>
      ((await t().control('/_emulator/requests?path_prefix=/none')).body as { last_seq: number })
        .last_seq,
    callsSince: async (seq: number): Promise<LoggedRequest[]> =>
      ((await t().control(`/_emulator/requests?since=${seq}`)).body as { data: LoggedRequest[] })
        .data,
  };
}

/** An index row for `id` in `org`, as the sync would store it (no key, version `v`). */
export function indexRow(id: string, org: string) {
  return {
    id,
    name: id,
    context: { organization_id: org },
    key_id: null,
    version_id: 'v',
    updated_at: new Date(),
  };
}
