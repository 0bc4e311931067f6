import 'server-only';
import type { Result } from '../actions/result';
import { versionAuthors } from '../audit/trail';
import { byokEventsFor } from '../byok/queries';
import { foldByokEvents, type ByokStatus } from '../byok/state';
import { getDb } from '../db/client';
import { cachedOrgNames } from '../org-names';
import { getStewardship, type Stewardship } from '../stewardship/store';
import type { ConsoleError } from '../workos/errors';
import { describeObject, listVersions, type ObjectMetadata, type ObjectVersion } from './objects';

export type ObjectView = {
  meta: ObjectMetadata;
  /** The version list can fail on its own; the page still shows the metadata. */
  versions: Result<ObjectVersion[]>;
  /** Console authors by version id, from the console's own audit trail. */
  authors: Record<string, { email: string; at: string }>;
  orgName: string | null;
  byok: ByokStatus | null;
  /** The object's data is under the organization's customer key, which is deleted or failing. */
  onBrokenCustomerKey: boolean;
};

/**
 * Is this object's data under the organization's (broken) customer key? Known without a read:
 * by key id when the BYOK events name one, else estimated from write times.
 */
export function isOnBrokenCustomerKey(meta: ObjectMetadata, byok: ByokStatus | null): boolean {
  if (!byok || (byok.state !== 'deleted' && byok.state !== 'failed')) return false;
  return byok.keyId
    ? meta.keyId === byok.keyId
    : byok.lastVerifiedAt !== null && new Date(meta.updatedAt) >= byok.lastVerifiedAt;
}

/** Everything the object page shows, in one call (metadata only: nothing here decrypts). */
export async function getObjectView(objectId: string): Promise<Result<ObjectView, ConsoleError>> {
  const [described, versions, authors] = await Promise.all([
    describeObject(objectId),
    listVersions(objectId),
    versionAuthors(objectId),
  ]);
  if (!described.ok) return described;
  const meta = described.data;
  const db = await getDb();
  const [byokEvents, orgNames] = meta.orgId
    ? await Promise.all([byokEventsFor(db, [meta.orgId]), cachedOrgNames([meta.orgId])])
    : [null, null];
  const byok = meta.orgId ? foldByokEvents(byokEvents?.get(meta.orgId) ?? []) : null;
  const orgName = meta.orgId ? (orgNames?.get(meta.orgId) ?? null) : null;
  return {
    ok: true,
    data: {
      meta,
      versions,
      authors: Object.fromEntries(
        [...authors].map(([k, v]) => [k, { email: v.email, at: v.at.toISOString() }]),
      ),
      orgName,
      byok,
      onBrokenCustomerKey: isOnBrokenCustomerKey(meta, byok),
    },
  };
}

/** The object's owner, notes and rotation (console data, never near the value). */
export async function getObjectStewardship(objectId: string): Promise<Stewardship | null> {
  return getStewardship(await getDb(), objectId);
}
