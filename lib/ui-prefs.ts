/**
 * Display preferences kept in cookies (theme, time zone). Read on the server so the first HTML
 * already has the right theme and times: no flash, no inline script, nothing for the CSP nonce.
 * They hold no personal or secret data, so plain (non-httpOnly) cookies are fine.
 */

export const THEME_COOKIE = 'vc_theme';
export const TIME_COOKIE = 'vc_time';
export const PREF_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

export type ThemePref = 'system' | 'light' | 'dark';
/** UTC, or local time in the browser's IANA zone (as the browser reported it when chosen). */
export type TimePref = { mode: 'utc' } | { mode: 'local'; zone: string };

export function parseTheme(raw: string | undefined | null): ThemePref {
  return raw === 'light' || raw === 'dark' ? raw : 'system';
}

function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** UTC unless the cookie names a valid zone ("local:Europe/Paris"). UTC is the default. */
export function parseTimePref(raw: string | undefined | null): TimePref {
  if (raw?.startsWith('local:')) {
    const zone = raw.slice('local:'.length);
    if (isTimeZone(zone)) return { mode: 'local', zone };
  }
  return { mode: 'utc' };
}

export function serializeTimePref(p: TimePref): string {
  return p.mode === 'utc' ? 'utc' : `local:${p.zone}`;
}

/** "2026-11-27 08:15:56 UTC" or, in a local zone, "2026-11-27 09:15:56 GMT+1". */
export function formatInZone(date: Date, pref: TimePref): string {
  if (pref.mode === 'utc')
    return date
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d{3}Z$/, ' UTC');
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: pref.zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(date);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}
