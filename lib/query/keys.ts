/** React Query keys: one factory so invalidation never misses a key. Values are never cached. */
export const queryKeys = {
  indexStatus: ['index-status'] as const,
  requestStatus: (objectId: string | null) => ['request-status', objectId] as const,
  inboxStatus: () => ['inbox-status'] as const,
  orgObjects: (
    orgId: string,
    params: { search: string; sort: string; dir: string; cursor: string | null },
  ) => ['org-objects', orgId, params] as const,
};
