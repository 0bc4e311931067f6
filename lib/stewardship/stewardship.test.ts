import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { listStale } from '../activity/stale';
import { storeActivityEvent } from '../activity/store';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { upsertObject } from '../index/store';
import { lintContext, lintCounts, lintFindings } from './lint';
import { tenantMatrix } from './matrix';
import { listOverdue, saveStewardship } from './store';

afterAll(stopTestPostgres);

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

async function obj(db: Db, id: string, name: string, context: Record<string, string>, at: Date) {
  await upsertObject(db, { id, name, context, key_id: null, version_id: 'v', updated_at: at });
}
async function read(db: Db, id: string, name: string, at: Date) {
  await storeActivityEvent(db, {
    id,
    event: 'vault.data.read',
    created_at: at.toISOString(),
    data: { actor_id: 'key_1', actor_source: 'api', actor_name: 'K', kv_name: name, key_id: 'k' },
  });
}

describe('key-context lint rules', () => {
  it('flags other spellings of the organization key and a missing pair', () => {
    expect(lintContext({ organizationId: 'org_1' })).toEqual(['misspelled_org_key', 'no_org_pair']);
    expect(lintContext({ 'Organization-ID': 'org_1', organization_id: 'org_1' })).toEqual([
      'misspelled_org_key',
    ]);
    expect(lintContext({ environment: 'prod' })).toEqual(['no_org_pair']);
    expect(lintContext({ organization_id: 'org_1', environment: 'prod' })).toEqual([]);
  });
});

describe.each(BACKENDS)('stale, stewardship, lint and matrix on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    await obj(db, 's_old_unread', 'acme/stripe', { organization_id: 'org_a' }, ago(100));
    await obj(db, 's_old_read', 'acme/db', { organization_id: 'org_a' }, ago(40));
    await obj(db, 's_new', 'acme/new', { organization_id: 'org_a' }, ago(2));
    await obj(db, 's_b_db', 'beta/db', { organization_id: 'org_b' }, ago(1));
    await obj(db, 's_b_x', 'beta/x', { organization_id: 'org_b' }, ago(1));
    await obj(db, 's_wrong', 'acme/redis', { organization_id: 'org_b' }, ago(1));
    await obj(db, 's_camel', 'acme/camel', { organizationId: 'org_a' }, ago(1));
    await read(db, 'event_r1', 'acme/db', ago(3));
  });
  afterAll(async () => close());

  it('"not read in 30 days" lists old unread objects, not new ones or recently read ones', async () => {
    const page = await listStale(
      db,
      { orgId: 'org_a', notReadDays: 30 },
      { sort: 'last_read', dir: 'asc', limit: 10, offset: 0 },
    );
    expect(page.rows.map((r) => r.id)).toEqual(['s_old_unread']);
    const changed = await listStale(
      db,
      { orgId: null, notChangedDays: 10 },
      { sort: 'name', dir: 'asc', limit: 10, offset: 0 },
    );
    expect(changed.rows.map((r) => r.id)).toEqual(['s_old_read', 's_old_unread']);
    const byRead = await listStale(
      db,
      { orgId: 'org_a' },
      { sort: 'last_read', dir: 'desc', limit: 1, offset: 0 },
    );
    expect(byRead.rows[0]!.id).toBe('s_old_read');
    expect(byRead.hasMore).toBe(true);
  });

  it('stewardship saves are version-checked, audited through the callback, and feed the overdue view', async () => {
    const audits: string[][] = [];
    const base = {
      objectId: 's_old_read',
      objectName: 'acme/db',
      orgId: 'org_a',
      owner: 'DB team',
      notes: 'n',
      rotationDays: 30,
      expiresOn: null,
      by: 'admin@example.com',
    };
    const first = await saveStewardship(db, { ...base, expectedUpdatedAt: null }, async (_t, c) => {
      audits.push(c);
    });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const lost = await saveStewardship(
      db,
      { ...base, owner: 'x', expectedUpdatedAt: null },
      async () => {
        audits.push(['unexpected']);
      },
    );
    expect(lost).toMatchObject({ ok: false, current: { owner: 'DB team' } });
    const second = await saveStewardship(
      db,
      { ...base, owner: 'Data platform', expectedUpdatedAt: first.value.updatedAt },
      async (_t, c) => {
        audits.push(c);
      },
    );
    expect(second.ok).toBe(true);
    expect(audits).toEqual([['owner', 'notes', 'rotation period'], ['owner']]);
    const overdue = await listOverdue(db, { limit: 10, offset: 0 });
    expect(overdue.rows.map((r) => [r.objectId, r.reason])).toEqual([['s_old_read', 'rotation']]);
  });

  it('lint finds the camelCase context for its organization and the prefix that names another org', async () => {
    const camel = await lintFindings(db, 'misspelled_org_key', {
      orgId: 'org_a',
      limit: 10,
      offset: 0,
    });
    expect(camel.rows.map((r) => r.id)).toEqual(['s_camel']);
    const prefix = await lintFindings(db, 'prefix_mismatch', { limit: 10, offset: 0 });
    expect(prefix.rows.map((r) => [r.id, r.prefixOrgId])).toEqual([['s_wrong', 'org_a']]);
    expect(await lintCounts(db, null)).toEqual({
      misspelled_org_key: 1,
      no_org_pair: 1,
      prefix_mismatch: 1,
    });
  });

  it('the tenant matrix shows present, missing, stale and overdue cells, paged', async () => {
    const m = await tenantMatrix(db, {
      strip: 1,
      orgLimit: 10,
      orgOffset: 0,
      kindLimit: 10,
      kindOffset: 0,
    });
    expect(m.orgIds).toEqual(['org_a', 'org_b']);
    expect(m.cells.db!.org_a!.state).toBe('overdue');
    expect(m.cells.db!.org_b!.state).toBe('present');
    expect(m.cells.stripe!.org_a!.state).toBe('stale');
    expect(m.cells.stripe!.org_b!.state).toBe('missing');
    expect(m.prefixes).toEqual({ org_a: 'acme', org_b: 'beta' });
    const paged = await tenantMatrix(db, {
      strip: 1,
      orgLimit: 1,
      orgOffset: 1,
      kindLimit: 1,
      kindOffset: 0,
    });
    expect(paged.orgIds).toEqual(['org_b']);
    expect(paged.kinds).toEqual([{ kind: 'db', count: 2 }]);
    expect(paged.hasMoreKinds).toBe(true);
  });
});
