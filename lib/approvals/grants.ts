import 'server-only';
import { can, type Permission } from '../auth/permissions';
import type { ConsoleSession } from '../auth/session';
import { getDb } from '../db/client';
import { getIndexedObject } from '../index/store';
import { orgIdOf } from '../index/sdk-row';
import type { ActionError } from '../actions/result';
import { getWorkOS } from '../workos/client';
import { consoleError, toConsoleError } from '../workos/errors';
import { activeGrants, grantCovers, type ActiveGrant } from './requests';

/** Kinds of grant an action can accept in place of a permission, and the permission each stands in for. */
export const GRANT_STANDS_IN_FOR = {
  reveal: ['vault.values:reveal'],
} as const satisfies Record<string, readonly Permission[]>;
export type GrantKind = keyof typeof GRANT_STANDS_IN_FOR;

/**
 * Asking for a way to reveal (a grant, break-glass) is for people whose role cannot reveal: to
 * anyone else, the refusal that says so and what to do instead; null otherwise.
 */
export function refusalForRevealer(
  session: ConsoleSession,
  instead: string,
): { ok: false; error: ActionError } | null {
  if (!can(session.permissions, 'vault.values:reveal')) return null;
  return {
    ok: false,
    error: consoleError('invalid_input', {
      message: `Your role can reveal values already; ${instead}`,
    }),
  };
}

/**
 * The organization an object belongs to: from the index, else from describe (never decrypts).
 * An object WorkOS does not know belongs to none. Any other failure is an error, not "none": a
 * grant it cannot check still opens nothing, but the person is told why instead of being told
 * they hold no grant.
 */
async function orgOfObject(objectId: string): Promise<{ orgId: string | null } | ActionError> {
  const indexed = await getIndexedObject(await getDb(), objectId);
  if (indexed) return { orgId: indexed.org_id };
  // Metadata only, and no lib/vault import: lib/actions asks this module, and lib/vault uses lib/actions.
  try {
    return { orgId: orgIdOf(await getWorkOS().vault.describeObject({ id: objectId })) };
  } catch (err) {
    const e = toConsoleError(err);
    if (e.code === 'not_found') return { orgId: null };
    return consoleError(e.code, {
      message: `Could not tell which organization this object belongs to (${e.message}), so your organization grant cannot be checked yet. Nothing was revealed; try again.`,
    });
  }
}

/**
 * The person's running reveal grant that opens this object, or null. A grant for one object opens
 * only that id; an organization grant opens objects whose key context names that organization.
 * When the object's organization cannot be read, the answer is that error (nothing opens).
 */
export async function grantForObject(
  session: ConsoleSession,
  objectId: string,
): Promise<ActiveGrant | null | { error: ActionError }> {
  const grants = await activeGrants(session.user.id);
  const direct = grants.find((g) => g.objectId === objectId);
  if (direct) return direct;
  const orgWide = grants.filter((g) => g.objectId === null);
  if (!orgWide.length) return null;
  const org = await orgOfObject(objectId);
  if (!('orgId' in org)) return { error: org };
  return orgWide.find((g) => grantCovers(g, objectId, org.orgId)) ?? null;
}
