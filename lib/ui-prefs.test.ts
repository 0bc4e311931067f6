import { describe, expect, it } from 'vitest';
import { formatInZone, parseTheme, parseTimePref, serializeTimePref } from './ui-prefs';

describe('display preferences', () => {
  it('reads the theme cookie, falling back to the system theme', () => {
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme(undefined)).toBe('system');
    expect(parseTheme('purple')).toBe('system');
  });

  it('defaults to UTC and accepts only real IANA zones for local time', () => {
    expect(parseTimePref(undefined)).toEqual({ mode: 'utc' });
    expect(parseTimePref('local:Europe/Paris')).toEqual({ mode: 'local', zone: 'Europe/Paris' });
    expect(parseTimePref('local:Not/AZone')).toEqual({ mode: 'utc' });
    expect(parseTimePref('local:<script>')).toEqual({ mode: 'utc' });
    expect(serializeTimePref({ mode: 'local', zone: 'Asia/Tokyo' })).toBe('local:Asia/Tokyo');
  });

  it('formats the same instant in UTC and in a local zone, always naming the zone', () => {
    const d = new Date('2026-01-15T08:05:09.123Z');
    expect(formatInZone(d, { mode: 'utc' })).toBe('2026-01-15 08:05:09 UTC');
    expect(formatInZone(d, { mode: 'local', zone: 'Asia/Tokyo' })).toBe(
      '2026-01-15 17:05:09 GMT+9',
    );
    expect(formatInZone(d, { mode: 'local', zone: 'America/New_York' })).toBe(
      '2026-01-15 03:05:09 EST',
    );
  });
});
