/** Titles of the batch operations, shared by pages (client-safe). */
export const KIND_TITLES = {
  offboard: 'Offboard this organization',
  rewrap: 'Move onto the customer key',
  bulk_delete: 'Delete the chosen objects',
  import: 'Import a file',
} as const;

/** What running (starting, resuming, discarding) each kind needs; the actions check it on each call. */
export const RUN_NEEDS = {
  offboard: ['vault.objects:delete'],
  bulk_delete: ['vault.objects:delete'],
  rewrap: ['vault.objects:write', 'vault.values:reveal'],
  import: ['vault.objects:write'],
} as const satisfies Record<keyof typeof KIND_TITLES, readonly string[]>;

/** A kind's title for any string (a request names its operation as text). */
export function operationTitle(kind: string): string {
  return kind in KIND_TITLES ? KIND_TITLES[kind as keyof typeof KIND_TITLES] : kind;
}
