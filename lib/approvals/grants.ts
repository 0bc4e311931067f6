import 'server-only';
import type { Permission } from '../auth/permissions';
import type { ConsoleSession } from '../auth/session';
import { getDb } from '../db/client';
import { getIndexedObject } from '../index/store';
import { orgIdOf } from '../index/sdk-row';
import { getWorkOS } from '../workos/client';
import { activeGrants, grantCovers, type ActiveGrant } from './requests';

/** Kinds of grant an action can accept in place of a permission, and the permission each stands in for. */
export const GRANT_STANDS_IN_FOR = {
  reveal: ['vault.values:reveal'],
} as const satisfies Record<string, readonly Permission[]>;
export type GrantKind = keyof typeof GRANT_STANDS_IN_FOR;

/** The organization an object belongs to: from the index, else from describe (never decrypts). */
async function orgOfObject(objectId: string): Promise<string | null> {
  const indexed = await getIndexedObject(await getDb(), objectId);
  if (indexed) return indexed.org_id;
  // Metadata only, and no lib/vault import: lib/actions asks this module, and lib/vault uses lib/actions.
  try {
    return orgIdOf(await getWorkOS().vault.describeObject({ id: objectId }));
  } catch {
    return null;
  }
}

/**
 * The person's running grant that opens this object, or null. A grant for one object opens only
 * that id; an organization grant opens objects whose key context names that organization.
 */
export async function grantForObject(
  session: ConsoleSession,
  objectId: string,
): Promise<ActiveGrant | null> {
  const grants = await activeGrants(session.user.id);
  const direct = grants.find((g) => g.objectId === objectId);
  if (direct) return direct;
  const orgWide = grants.filter((g) => g.objectId === null);
  if (!orgWide.length) return null;
  const orgId = await orgOfObject(objectId);
  return orgWide.find((g) => grantCovers(g, objectId, orgId)) ?? null;
}
