import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { OLD_BYOK_ORGS } from '../emulator/seed';
import { startTestEmulator, type TestEmulator } from '../emulator/testing';
import { testDb } from '../testing/backends';
import { syncByokEvents } from './sync';
import { lastKeyCheck, testCustomerKey } from './key-test';
import { byokStatuses } from './queries';

// F3-02: organizations whose BYOK events are all older than the Events API's 30 days.
let t: TestEmulator;
let db: Db;
let close: () => Promise<void>;
const orgIds = new Map<string, string>();
const admin = { id: 'user_admin', email: 'admin@example.com' };

beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
  ({ db, close } = await testDb('pglite'));
  const orgs = await t.workos.organizations.listOrganizations({ limit: 100 });
  for (const o of OLD_BYOK_ORGS) orgIds.set(o.slug, orgs.data.find((x) => x.name === o.name)!.id);
});
afterAll(async () => {
  await close();
  await t.close();
});

describe('BYOK past the 30-day event window', () => {
  it('a console starting now sees no event for them, so their key state is unknown, never "not configured"', async () => {
    await syncByokEvents(db, t.workos, (fn) => fn());
    const statuses = await byokStatuses(db, [...orgIds.values()]);
    for (const id of orgIds.values()) expect(statuses.get(id)!.state).toBe('unknown');
  });

  it('Test the customer key: usable when the old key still works', async () => {
    const check = await testCustomerKey(db, t.workos, orgIds.get('margie')!, admin);
    expect(check).toMatchObject({
      usable: true,
      status: null,
      error: null,
      checkedBy: admin.email,
    });
  });

  it('Test the customer key: unusable, with the refusal, when the old key was deleted', async () => {
    const check = await testCustomerKey(db, t.workos, orgIds.get('coho')!, admin);
    expect(check).toMatchObject({ usable: false, status: 403 });
    expect(check.error).toMatch(/customer-managed key is unusable/);
    expect(await lastKeyCheck(db, orgIds.get('coho')!)).toMatchObject({
      usable: false,
      status: 403,
    });
  });

  it('each run is audited with its outcome, and nothing is stored at WorkOS', async () => {
    const rows = (
      await db.query<{ org_id: string; outcome: string; detail: Record<string, unknown> }>(
        "select org_id, outcome, detail from audit_events where action = 'byok.key_tested' order by occurred_at",
      )
    ).rows;
    expect(rows.map((r) => [r.org_id, r.outcome, r.detail])).toEqual([
      [orgIds.get('margie'), 'success', { usable: true, status: null }],
      [orgIds.get('coho'), 'failure', { usable: false, status: 403 }],
    ]);
    const objects = await (await t.workos.vault.listObjects()).autoPagination();
    expect(objects.filter((o) => o.name.startsWith('margie/'))).toHaveLength(2);
  });
});
