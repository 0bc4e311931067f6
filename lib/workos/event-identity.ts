/**
 * F3-08: one WorkOS event may reach the console twice, by the Events API (`event_…` id) and by a
 * webhook whose envelope carries its own id (`wh_…` in the SDK's fixture). Which ids WorkOS uses
 * is not documented, so a row is keyed by what the event says, not by the id it came with: the
 * event type, its time (ms) and the fields that tell two events of that type apart.
 */
export function eventContentKey(
  e: { event: string; created_at: string },
  ...parts: (string | number | boolean | null | undefined)[]
): string {
  const at = new Date(e.created_at).getTime();
  return [e.event, Number.isNaN(at) ? e.created_at : at, ...parts.map((p) => p ?? '')].join('|');
}
