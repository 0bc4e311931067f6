import type { PGlite } from '@electric-sql/pglite';
import { prefixedUlid } from './ids';

type Q = Pick<PGlite, 'query'>;

export type Actor = { id: string; name: string; source?: 'api' | 'dashboard' };

export type EventRow = {
  id: string;
  event: string;
  organization_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
};

/** Vault data/key events carry the actor inside `data`, as actor_id / actor_source / actor_name. */
export function actorFields(actor: Actor): Record<string, string> {
  return { actor_id: actor.id, actor_source: actor.source ?? 'api', actor_name: actor.name };
}

export async function recordEvent(
  q: Q,
  environmentId: string,
  event: string,
  data: Record<string, unknown>,
  organizationId: string | null = null,
  at: Date = new Date(),
): Promise<string> {
  const id = prefixedUlid('event', at.getTime());
  await q.query(
    'insert into events (id, environment_id, event, organization_id, data, created_at) values ($1, $2, $3, $4, $5, $6)',
    [id, environmentId, event, organizationId, JSON.stringify(data), at],
  );
  return id;
}
