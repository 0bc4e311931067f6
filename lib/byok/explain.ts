import 'server-only';
import type { Db } from '../db/client';
import { consoleError, toConsoleError, type ConsoleError } from '../workos/errors';
import { byokEventsFor } from './queries';
import { foldByokEvents, providerLabel, type ByokStatus } from './state';

const GENERIC_403 = toConsoleError({ status: 403 }).message;

/**
 * Why did WorkOS refuse a Vault call with 403? No WorkOS source documents the body of a refusal
 * caused by an unavailable customer key (BYOK), so the console never reads one: it explains the
 * status from what it knows about the organization's key (the BYOK events it has synced).
 */
export function explainForbidden(status: ByokStatus | null): ConsoleError {
  if (!status) return consoleError('forbidden', { message: GENERIC_403 });
  if (status.state === 'unknown')
    return consoleError('forbidden', {
      message:
        'WorkOS refused this call (HTTP 403). The console has no BYOK event for this organization (the Events API keeps 30 days), so either a customer-managed key configured earlier has become unusable or the console’s API key lacks access to Vault. “Test the customer key” on the organization’s BYOK page tells them apart.',
    });
  const provider = providerLabel(status.provider);
  if (status.state === 'deleted' || status.state === 'failed')
    return consoleError('customer_key_unavailable', {
      keyState: status.state,
      message: `WorkOS refused this call (HTTP 403). The organization’s customer-managed ${provider} key ${status.state === 'deleted' ? 'was deleted' : 'failed verification'}, so WorkOS cannot decrypt or encrypt its data. Metadata is still available.`,
    });
  return consoleError('customer_key_unavailable', {
    keyState: 'unconfirmed',
    message: `WorkOS refused this call (HTTP 403). The organization uses a customer-managed ${provider} key that was verified when last reported; a key that stopped working since (revoked or its policy changed in ${provider}) is the likely cause, though no failure event has arrived. Ask the customer to check the key. Metadata is still available.`,
  });
}

/** The organization an object belongs to, from the console's index (no WorkOS call). */
async function orgOfObject(db: Db, objectId: string): Promise<string | null> {
  const r = await db.query<{ org_id: string | null }>(
    'select org_id from vault_objects where id = $1',
    [objectId],
  );
  return r.rows[0]?.org_id ?? null;
}

/**
 * toConsoleError, plus an explanation of a 403 from the organization's known key state. `orgId`
 * when the caller knows it, else the object's organization from the index.
 */
export async function explainVaultFailure(
  db: Db,
  err: unknown,
  operation: 'read' | 'create' | 'write',
  where: { orgId?: string | null; objectId?: string },
): Promise<ConsoleError> {
  const base = toConsoleError(err, operation);
  if ((err as { status?: unknown } | null)?.status !== 403) return base;
  try {
    const orgId = where.orgId ?? (where.objectId ? await orgOfObject(db, where.objectId) : null);
    if (!orgId) return explainForbidden(null);
    const events = (await byokEventsFor(db, [orgId])).get(orgId) ?? [];
    return explainForbidden(foldByokEvents(events));
  } catch {
    return base;
  }
}
