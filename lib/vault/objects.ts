import 'server-only';
import { getDb } from '../db/client';
import type { Result } from '../actions/result';
import { toConsoleError } from '../workos/errors';
import { getWorkOS } from '../workos/client';
import { removeObject, upsertObject } from '../index/store';
import { contextOf, toIndexRow } from '../index/sdk-row';

export type ObjectMetadata = {
  id: string;
  name: string;
  context: Record<string, string>;
  orgId: string | null;
  keyId: string;
  versionId: string | null;
  updatedAt: string;
  updatedBy: { id: string; name: string };
  environmentId: string;
};

export type ObjectVersion = {
  id: string;
  createdAt: string;
  current: boolean;
  size: number;
  etag: string;
};

type DescribedShape = Awaited<ReturnType<ReturnType<typeof getWorkOS>['vault']['describeObject']>>;

/** The page's metadata from describe's reply, or from a write's reply (the same shape). */
function toObjectMetadata(o: DescribedShape): ObjectMetadata {
  const context = contextOf(o);
  return {
    id: o.id,
    name: o.name,
    context,
    orgId: context.organization_id ?? null,
    keyId: o.metadata.keyId,
    versionId: o.metadata.versionId ?? null,
    updatedAt: o.metadata.updatedAt.toISOString(),
    updatedBy: { id: o.metadata.updatedBy.id, name: o.metadata.updatedBy.name },
    environmentId: o.metadata.environmentId,
  };
}

/** Describe (metadata only, never decrypts). Also refreshes the object's index row. */
export async function describeObject(id: string): Promise<Result<ObjectMetadata>> {
  const db = await getDb();
  try {
    const o = await getWorkOS().vault.describeObject({ id });
    await upsertObject(db, toIndexRow(o));
    return { ok: true, data: toObjectMetadata(o) };
  } catch (err) {
    const error = toConsoleError(err);
    if (error.code === 'not_found') await removeObject(db, id);
    return { ok: false, error };
  }
}

export async function listVersions(id: string): Promise<Result<ObjectVersion[]>> {
  try {
    const versions = await getWorkOS().vault.listObjectVersions({ id });
    const rows = versions.map((v) => ({
      id: v.id,
      createdAt: v.createdAt.toISOString(),
      current: v.currentVersion,
      size: v.size ?? 0,
      // Shown bare: some stores quote an etag inside the string ("<md5>").
      etag: (v.etag ?? '').replace(/^"(.*)"$/, '$1'),
    }));
    // Order is not specified by WorkOS; show newest first, current first on ties.
    rows.sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || Number(b.current) - Number(a.current),
    );
    return { ok: true, data: rows };
  } catch (err) {
    return { ok: false, error: toConsoleError(err) };
  }
}
