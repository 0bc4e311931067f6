'use client';

import { createContext, useContext, useMemo, useState } from 'react';

/**
 * The object page's version state, in one place. A save answers with the new version before the
 * page behind it is fetched again, so for a moment the page's own version (what the delete dialog
 * checks against) is the one this person just replaced. The editor records its save here; every
 * version-checked write on the page asks `useCurrentVersion` and gets that save's version until
 * the refreshed page brings it (or a newer one). Scoped to one object by the object's layout;
 * version ids only.
 */
type OwnSave = { replaced: string; versionId: string };

const Ctx = createContext<{ save: OwnSave | null; record: (save: OwnSave) => void } | null>(null);

export function ObjectVersionProvider({ children }: { children: React.ReactNode }) {
  const [save, record] = useState<OwnSave | null>(null);
  const value = useMemo(() => ({ save, record }), [save]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** For the editor: remember the version a save replaced and the one it made. */
export function useRecordSave(): (save: OwnSave) => void {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useRecordSave outside ObjectVersionProvider');
  return ctx.record;
}

/** The version a version-checked write should carry: the page's, or this person's newer save. */
export function useCurrentVersion(pageVersion: string): string {
  const save = useContext(Ctx)?.save;
  return save && save.replaced === pageVersion ? save.versionId : pageVersion;
}
