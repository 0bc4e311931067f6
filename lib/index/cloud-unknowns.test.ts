import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { explainVaultFailure } from '../byok/explain';
import { byokStatuses } from '../byok/queries';
import { syncByokEvents } from '../byok/sync';
import type { EmulatorPolicy } from '../emulator/config';
import { createObjects, startTestEmulator, type TestEmulator } from '../emulator/testing';
import { freshDatabases } from '../testing/backends';
import { FAST_SYNC, requestLog } from '../testing/index-sync';
import { getState, setState } from '../db/state';
import { listObjects, totalObjects } from './store';
import { IndexSync } from './sync';

/**
 * The console must work under every plausible answer to what WorkOS leaves undocumented. Each
 * emulator switch (lib/emulator/config.ts EmulatorPolicy) is flipped here and the index and BYOK
 * syncs are run under every setting.
 */
let t: TestEmulator;
const fresh = freshDatabases('pglite');
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const policy = () => t.emu.config.policy;
function setPolicy(p: Partial<EmulatorPolicy>) {
  Object.assign(t.emu.config.policy, p);
}
const { lastSeq, callsSince } = requestLog(() => t);
/** Every event WorkOS holds so far falls out of the 30-day window. */
async function ageAllEvents() {
  await t.emu.db.query("update events set created_at = created_at - interval '31 days'");
}
const fast = FAST_SYNC;

const CURSOR_REPLIES = ['422', '400', '404', '410', 'empty'] as const;
const LIST_CURSORS = ['spec', 'observed'] as const;

describe.each(CURSOR_REPLIES)('aged-out events cursor answered with %s', (reply) => {
  describe.each(LIST_CURSORS)('list cursors: %s', (listMode) => {
    it('the index sync resumes its event stream and still applies a deletion it only learns from events', async () => {
      setPolicy({ eventCursorReply: reply, listCursorMode: listMode });
      await t.control('/_emulator/reset', { body: { seed: 'none' } });
      const org = (await t.workos.organizations.createOrganization({ name: 'Cursor Org' })).id;
      // More than one list page, so the list cursor style matters.
      const ids = await createObjects(t.workos, 15, (i) => ({
        name: `cur/${String(i).padStart(3, '0')}`,
        value: 'v',
        context: { organization_id: org },
      }));
      const db = await fresh();
      const sync = new IndexSync(db, t.workos, fast);
      await sync.runOnce();
      expect(await totalObjects(db)).toBe(15);
      await t.workos.vault.createObject({
        name: 'cur/late',
        value: 'v',
        context: { organization_id: org },
      });
      await sync.runOnce(); // the cursor now names a real event
      expect(await getState(db, 'events_cursor')).toBeTruthy();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

      await ageAllEvents();
      await t.workos.vault.deleteObject({ id: ids[3]! });
      await sync.runOnce();
      expect(warn.mock.calls.some((c) => String(c[0]).includes('events_cursor'))).toBe(true);
      const names = (await listObjects(db, { orgId: org, sort: 'name', dir: 'asc', limit: 200 }))
        .rows;
      expect(names.map((r) => r.name)).not.toContain('cur/003');
      expect(names).toHaveLength(15);
      // Learned from events, not from a full reconcile walk.
      expect(await getState(db, 'last_reconcile_at')).toBe(
        (await getState<{ startedAt: string }>(db, 'build'))!.startedAt,
      );
    }, 120_000);
  });

  describe.each([true, false])('a key that breaks later emits an event: %s', (emits) => {
    it('the BYOK sync resumes, and a refused read is explained from what the console knows', async () => {
      setPolicy({ eventCursorReply: reply, byokFailureEvents: emits });
      await t.control('/_emulator/reset', { body: { seed: 'none' } });
      const db = await fresh();
      const org = (await t.workos.organizations.createOrganization({ name: 'Byok Org' })).id;
      const other = (await t.workos.organizations.createOrganization({ name: 'Other Org' })).id;
      await t.control(`/_emulator/byok/${other}`, {
        method: 'PUT',
        body: { state: 'verified', provider: 'GCP_KMS', key_id: 'projects/p/keys/k' },
      });
      const call = <T>(fn: () => Promise<T>) => fn();
      await syncByokEvents(db, t.workos, call);
      await t.control(`/_emulator/byok/${org}`, {
        method: 'PUT',
        body: { state: 'verified', provider: 'AWS_KMS', key_id: 'arn:aws:kms:k' },
      });
      await syncByokEvents(db, t.workos, call);
      expect((await byokStatuses(db, [org])).get(org)!.state).toBe('verified');
      const obj = await t.workos.vault.createObject({
        name: 'byok/one',
        value: 'v',
        context: { organization_id: org },
      });
      await db.query(
        `insert into vault_objects (id, name, org_id, context, key_id) values ($1, 'byok/one', $2, $3, $4)`,
        [obj.id, org, JSON.stringify({ organization_id: org }), obj.keyId],
      );
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);

      await ageAllEvents();
      await t.control(`/_emulator/byok/${org}`, { method: 'PUT', body: { state: 'failed' } });
      await syncByokEvents(db, t.workos, call);
      const err = await t.workos.vault.readObject({ id: obj.id }).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 403 });
      const explained = await explainVaultFailure(db, err, 'read', { objectId: obj.id });
      expect(explained.code).toBe('customer_key_unavailable');
      expect(explained.keyState).toBe(emits ? 'failed' : 'unconfirmed');
      expect((await byokStatuses(db, [org])).get(org)!.state).toBe(emits ? 'failed' : 'verified');

      // A deletion is a documented event: it arrives after the cursor reset, whatever the setting
      // (an empty reply is re-checked at most every five minutes: let them pass).
      await t.control(`/_emulator/byok/${org}`, { method: 'PUT', body: { state: 'deleted' } });
      await setState(db, 'byok_events_cursor_probe_at', '');
      await syncByokEvents(db, t.workos, call);
      expect((await byokStatuses(db, [org])).get(org)!.state).toBe('deleted');
      expect((await byokStatuses(db, [other])).get(other)!.state).toBe('verified');
    });
  });
});

describe('updated_after ignored by WorkOS', () => {
  it('logs once, falls back to a bounded walk, and stops paging the whole list every pass', async () => {
    setPolicy({ updatedAfterFilter: 'ignore', eventCursorReply: '422', listCursorMode: 'spec' });
    await t.control('/_emulator/reset', { body: { seed: 'none' } });
    await createObjects(t.workos, 25, (i) => ({
      name: `ign/${String(i).padStart(3, '0')}`,
      value: 'v',
      context: { organization_id: 'org_ign' },
    }));
    const db = await fresh();
    const sync = new IndexSync(db, t.workos, {
      ...fast,
      walkPagesPerPass: 2,
      fallbackWalkIntervalMs: 3_600_000,
    });
    await sync.runOnce(); // cold build
    expect(await totalObjects(db)).toBe(25);
    // Make the build's watermark clearly later than every object.
    await db.query("update index_state set value = to_jsonb($1::text) where key = 'watermark'", [
      new Date(Date.now() + 60_000).toISOString(),
    ]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const lists: number[] = [];
    const late = await t.workos.vault.createObject({
      name: 'ign/zz-late',
      value: 'v',
      context: { organization_id: 'org_ign' },
    });
    for (let pass = 0; pass < 6; pass++) {
      const seq = await lastSeq();
      await sync.runOnce();
      lists.push(
        (await callsSince(seq)).filter((c) => c.method === 'GET' && c.path === '/vault/v1/kv')
          .length,
      );
    }
    // Pass 1 notices after one page; then a walk of 3 pages at 2 per pass; then nothing.
    expect(lists).toEqual([1, 2, 1, 0, 0, 0]);
    expect(
      warn.mock.calls.filter((c) => String(c[0]).includes('ignored updated_after')),
    ).toHaveLength(1);
    expect(await getState(db, 'updated_after_ignored_at')).toBeTruthy();
    // The walk still finds the object created meanwhile.
    const found = await db.query('select 1 from vault_objects where id = $1', [late.id]);
    expect(found.rows).toHaveLength(1);
    setPolicy({ updatedAfterFilter: 'honour' });
  }, 120_000);

  it('an honoured filter never triggers the fallback', async () => {
    setPolicy({ updatedAfterFilter: 'honour' });
    await t.control('/_emulator/reset', { body: { seed: 'none' } });
    for (let i = 0; i < 5; i++)
      await t.workos.vault.createObject({
        name: `hon/${i}`,
        value: 'v',
        context: { organization_id: 'org_hon' },
      });
    const db = await fresh();
    const sync = new IndexSync(db, t.workos, fast);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (let pass = 0; pass < 3; pass++) await sync.runOnce();
    expect(warn).not.toHaveBeenCalled();
    expect(await getState(db, 'updated_after_ignored_at')).toBeNull();
    expect(policy().updatedAfterFilter).toBe('honour');
  });
});
