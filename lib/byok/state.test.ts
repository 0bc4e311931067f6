import { describe, expect, it } from 'vitest';
import { foldByokEvents, type ByokEventRow } from './state';

const ev = (
  id: string,
  event: string,
  at: string,
  extra: Partial<ByokEventRow> = {},
): ByokEventRow => ({
  id,
  org_id: 'org_1',
  event,
  provider: 'AWS_KMS',
  verified: null,
  key_id: null,
  occurred_at: new Date(at),
  ...extra,
});

describe('foldByokEvents', () => {
  it('is "unknown" (never "not configured") without events', () => {
    expect(foldByokEvents([]).state).toBe('unknown');
  });
  it('lets the last event win, in time order whatever the input order', () => {
    const events = [
      ev('3', 'vault.byok_key.deleted', '2026-03-01T00:00:00Z'),
      ev('1', 'vault.byok_key.verification_completed', '2026-01-01T00:00:00Z', { verified: true }),
      ev('2', 'vault.byok_key.verification_completed', '2026-02-01T00:00:00Z', { verified: false }),
    ];
    const s = foldByokEvents(events);
    expect(s.state).toBe('deleted');
    expect(s.lastVerifiedAt?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(foldByokEvents(events.slice(1)).state).toBe('failed');
    expect(foldByokEvents(events.slice(1, 2)).state).toBe('verified');
  });
});
