import 'server-only';
import type { ConsoleSession } from '@/lib/auth/session';
import { recordVisit, type PlaceKind } from '@/lib/comfort/recents';
import { getDb } from '@/lib/db/client';
import { PinButton } from './pin-button';

/**
 * Put on an org or object page (already permission-checked): remembers the visit for the
 * palette's "Recent" list and shows the pin toggle. A failure here never breaks the page.
 */
export async function PlaceActions({
  session,
  kind,
  id,
  label,
}: {
  session: ConsoleSession;
  kind: PlaceKind;
  id: string;
  label: string;
}) {
  let pinned = false;
  try {
    const db = await getDb();
    ({ pinned } = await recordVisit(db, session.user.id, kind, id, label));
  } catch (err) {
    console.error('[recents] could not record a visit:', err instanceof Error ? err.name : 'error');
  }
  return <PinButton kind={kind} id={id} initiallyPinned={pinned} />;
}
