import type { Stewardship } from './store';

export type StewardshipStatus = { due: Date | null; overdue: boolean; expired: boolean };

/**
 * Rotation is due a period after the last change; expiry is at the start of its date (UTC).
 * `now` defaults to the clock (a plain function, so pages stay pure).
 */
export function stewardshipStatus(
  record: Pick<Stewardship, 'rotationDays' | 'expiresOn'> | null,
  lastChanged: string | null,
  now: number = Date.now(),
): StewardshipStatus {
  const due =
    record?.rotationDays && lastChanged
      ? new Date(Date.parse(lastChanged) + record.rotationDays * 86_400_000)
      : null;
  return {
    due,
    overdue: due ? due.getTime() <= now : false,
    expired: record?.expiresOn ? Date.parse(`${record.expiresOn}T00:00:00Z`) <= now : false,
  };
}
