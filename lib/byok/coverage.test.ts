import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { testDb } from '../testing/backends';
import { explainForbidden, explainVaultFailure } from './explain';
import { byokCoverage, byokEventsFor } from './queries';
import { foldByokEvents, type ByokStatus } from './state';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await testDb('pglite'));
  const objects: [string, string, string, string][] = [
    // id, org, key id, updated_at
    ['o1', 'org_a', 'kset-1', '2026-01-01T00:00:00Z'],
    ['o2', 'org_a', 'kset-1', '2026-01-05T00:00:00Z'],
    ['o3', 'org_a', 'cmk-9', '2026-02-02T00:00:00Z'],
    ['o4', 'org_a', 'cmk-9', '2026-03-01T00:00:00Z'],
    ['o5', 'org_a', 'cmk-9', '2026-03-02T00:00:00Z'],
    ['o6', 'org_b', 'kset-2', '2026-01-01T00:00:00Z'],
  ];
  for (const [id, org, key, at] of objects)
    await db.query(
      `insert into vault_objects (id, name, org_id, context, key_id, version_id, updated_at) values ($1, $1, $2, $3, $4, 'v', $5)`,
      [id, org, JSON.stringify({ organization_id: org }), key, at],
    );
  // Spec-shaped events: no key id.
  await db.query(
    `insert into byok_events (id, org_id, event, provider, verified, key_id, occurred_at) values
     ('e1', 'org_a', 'vault.byok_key.verification_completed', 'AWS_KMS', true, null, '2026-02-01T00:00:00Z'),
     ('e2', 'org_a', 'vault.byok_key.deleted', 'AWS_KMS', null, null, '2026-04-01T00:00:00Z')`,
  );
});
afterAll(async () => {
  await close();
});

async function status(org: string): Promise<ByokStatus> {
  return foldByokEvents((await byokEventsFor(db, [org])).get(org) ?? []);
}

describe('BYOK coverage without a key id in events', () => {
  it('lists each key id on the org’s objects with its count and oldest write, and labels the estimate', async () => {
    const s = await status('org_a');
    expect(s.keyId).toBeNull();
    const c = await byokCoverage(db, 'org_a', s);
    expect(c).toMatchObject({ total: 5, customerKey: 3, workosManaged: 2, method: 'time' });
    expect(c.keys).toEqual([
      {
        keyId: 'kset-1',
        objects: 2,
        since: new Date('2026-01-01T00:00:00Z'),
        customerKey: null,
      },
      {
        keyId: 'cmk-9',
        objects: 3,
        since: new Date('2026-02-02T00:00:00Z'),
        customerKey: 'estimate',
      },
    ]);
  });

  it('calls a key id "the customer key" only when an event named it', async () => {
    const s = { ...(await status('org_a')), keyId: 'cmk-9' };
    const c = await byokCoverage(db, 'org_a', s);
    expect(c.method).toBe('key_id');
    expect(c.keys.map((k) => [k.keyId, k.customerKey])).toEqual([
      ['kset-1', null],
      ['cmk-9', 'known'],
    ]);
  });

  it('claims no split for an organization with no BYOK event (unknown, not "all WorkOS-managed")', async () => {
    const c = await byokCoverage(db, 'org_b', await status('org_b'));
    expect(c).toMatchObject({ total: 1, customerKey: 0, workosManaged: 0, method: 'unknown' });
    expect(c.keys).toEqual([
      { keyId: 'kset-2', objects: 1, since: new Date('2026-01-01T00:00:00Z'), customerKey: null },
    ]);
  });
});

describe('a Vault 403 is explained from the organization’s known key state, not its body', () => {
  const forbidden = Object.assign(new Error('x'), {
    status: 403,
    rawData: { message: 'Forbidden' },
  });

  it('deleted or failed key: customer key unavailable, with the state', async () => {
    const e = await explainVaultFailure(db, forbidden, 'read', { objectId: 'o3' });
    expect(e).toMatchObject({ code: 'customer_key_unavailable', keyState: 'deleted' });
    expect(e.message).toContain('AWS KMS key was deleted');
  });

  it('verified key: likely the key, said to be unconfirmed', () => {
    const e = explainForbidden({
      state: 'verified',
      provider: 'GCP_KMS',
      keyId: null,
      lastVerifiedAt: new Date(),
      changedAt: new Date(),
    });
    expect(e).toMatchObject({ code: 'customer_key_unavailable', keyState: 'unconfirmed' });
    expect(e.message).toMatch(/no failure event has arrived/);
  });

  it('no BYOK event known: says both causes and how to tell them apart', async () => {
    const e = await explainVaultFailure(db, forbidden, 'read', { orgId: 'org_b' });
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/no BYOK event for this organization/);
    expect(e.message).toMatch(/Test the customer key/);
  });

  it('an object the index does not know: says both causes', async () => {
    const e = await explainVaultFailure(db, forbidden, 'read', { objectId: 'nope' });
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/API key lacks access, or .*customer-managed key/);
  });

  it('leaves other statuses to toConsoleError', async () => {
    const e = await explainVaultFailure(db, { status: 404 }, 'read', { objectId: 'o3' });
    expect(e.code).toBe('not_found');
  });
});
