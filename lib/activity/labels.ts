import type { ActivityKind } from './store';

/** The object page's kind filter: one URL word per group of Vault events. */
export const ACTIVITY_FILTERS = ['all', 'read', 'metadata', 'change', 'delete'] as const;
export type ActivityFilter = (typeof ACTIVITY_FILTERS)[number];

export const FILTER_KINDS: Record<ActivityFilter, ActivityKind[]> = {
  all: [],
  read: ['vault.data.read'],
  metadata: ['vault.metadata.read'],
  change: ['vault.data.created', 'vault.data.updated'],
  delete: ['vault.data.deleted'],
};

export const FILTER_LABELS: Record<ActivityFilter, string> = {
  all: 'All',
  read: 'Value reads',
  metadata: 'Metadata reads',
  change: 'Creates and updates',
  delete: 'Deletes',
};

export const KIND_LABELS: Record<ActivityKind, string> = {
  'vault.data.created': 'Created',
  'vault.data.updated': 'Updated',
  'vault.data.read': 'Value read',
  'vault.metadata.read': 'Metadata read',
  'vault.data.deleted': 'Deleted',
};

/**
 * "API key Prod backend" or "Jane Doe": the spec's actor_id is a WorkOS id, whose prefix says
 * what kind of actor it is (key_ for an API key, user_ for a person).
 */
export function actorLabel(actorId: string | null, actorName: string | null): string {
  const name = actorName ?? actorId ?? 'Unknown actor';
  if (actorId?.startsWith('key_')) return `API key ${name}`;
  return name;
}

export function sourceLabel(source: 'api' | 'dashboard' | null): string {
  return source === 'dashboard' ? 'via the WorkOS dashboard' : source === 'api' ? 'via api' : '';
}
