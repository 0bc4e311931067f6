/** Titles of the batch operations, shared by pages (client-safe). */
export const KIND_TITLES = {
  offboard: 'Offboard this organization',
  rewrap: 'Move onto the customer key',
  bulk_delete: 'Delete the chosen objects',
} as const;
