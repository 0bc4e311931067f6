'use client';

import { useSyncExternalStore } from 'react';

/**
 * A save answers with the new version before the page behind it is fetched again, so for a
 * moment the page's own version (what the delete dialog checks against) is the one this person
 * just replaced. The editor records its save here; the delete dialog uses that version until the
 * refreshed page brings it (or a newer one). Per tab, in memory; version ids only.
 */
type OwnSave = { replaced: string; versionId: string };

const saves = new Map<string, OwnSave>();
const listeners = new Set<() => void>();

export function recordOwnSave(objectId: string, save: OwnSave): void {
  saves.set(objectId, save);
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The version a version-checked write should carry: the page's, or this person's newer save. */
export function useCurrentVersion(objectId: string, pageVersion: string): string {
  const own = useSyncExternalStore(
    subscribe,
    () => saves.get(objectId),
    () => undefined,
  );
  return own && own.replaced === pageVersion ? own.versionId : pageVersion;
}
