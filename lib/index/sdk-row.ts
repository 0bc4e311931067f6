import type { IndexedObject } from './store';

/** What every SDK object reply carries that the index keeps (describe, update, create, list+describe). */
type SdkObject = {
  id: string;
  name: string;
  metadata: {
    context: unknown;
    keyId?: string | null;
    versionId?: string | null;
    updatedAt?: Date | null;
  };
};

/** An SDK object's key context. The SDK types it loosely; Vault stores string pairs only. */
export function contextOf(o: { metadata: { context: unknown } }): Record<string, string> {
  return (o.metadata.context ?? {}) as Record<string, string>;
}

/** The organization an SDK object belongs to (its `organization_id` context pair), or null. */
export function orgIdOf(o: { metadata: { context: unknown } }): string | null {
  return contextOf(o).organization_id ?? null;
}

/**
 * The one mapping from an SDK object to its index row. The write path (lib/vault/write.ts) and
 * the index builder both store what WorkOS answered through it; it lives on the read model's
 * floor because the builder sits below the write path (docs/architecture.md, "Floors").
 */
export function toIndexRow(o: SdkObject): Omit<IndexedObject, 'org_id'> {
  return {
    id: o.id,
    name: o.name,
    context: contextOf(o),
    key_id: o.metadata.keyId ?? null,
    version_id: o.metadata.versionId ?? null,
    updated_at: o.metadata.updatedAt ?? null,
  };
}
