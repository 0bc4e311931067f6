import { describe, expect, it } from 'vitest';
import type { ByokStatus } from '../byok/state';
import { isOnBrokenCustomerKey } from './object-view';
import type { ObjectMetadata } from './objects';

const meta = (keyId: string, updatedAt: string): ObjectMetadata => ({
  id: 'obj_1',
  name: 'a/b',
  context: { organization_id: 'org_1' },
  orgId: 'org_1',
  keyId,
  versionId: 'v1',
  updatedAt,
  updatedBy: { id: 'u', name: 'u' },
  environmentId: 'env_1',
});
const byok = (over: Partial<ByokStatus>): ByokStatus => ({
  state: 'failed',
  provider: 'AWS_KMS',
  keyId: null,
  lastVerifiedAt: null,
  changedAt: null,
  ...over,
});

describe('isOnBrokenCustomerKey', () => {
  it('is false without BYOK, or while the customer key works', () => {
    expect(isOnBrokenCustomerKey(meta('k1', '2026-01-02T00:00:00Z'), null)).toBe(false);
    const ok = byok({ state: 'verified', keyId: 'k1' });
    expect(isOnBrokenCustomerKey(meta('k1', '2026-01-02T00:00:00Z'), ok)).toBe(false);
  });

  it('matches by key id when the events name one', () => {
    const broken = byok({ state: 'deleted', keyId: 'k1' });
    expect(isOnBrokenCustomerKey(meta('k1', '2020-01-01T00:00:00Z'), broken)).toBe(true);
    expect(isOnBrokenCustomerKey(meta('k2', '2030-01-01T00:00:00Z'), broken)).toBe(false);
  });

  it('otherwise estimates from write times: written at or after the last verification', () => {
    const broken = byok({ state: 'failed', lastVerifiedAt: new Date('2026-01-01T00:00:00Z') });
    expect(isOnBrokenCustomerKey(meta('k', '2026-01-01T00:00:00Z'), broken)).toBe(true);
    expect(isOnBrokenCustomerKey(meta('k', '2025-12-31T23:59:59Z'), broken)).toBe(false);
    expect(isOnBrokenCustomerKey(meta('k', '2026-06-01T00:00:00Z'), byok({}))).toBe(false);
  });
});
