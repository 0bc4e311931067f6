import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Change requests end to end below the page: the console database (PGlite and PostgreSQL), the
 * write path and the in-process emulator through the real SDK. A "concurrent SDK update" is the
 * test calling the emulator directly, as another service would.
 */
const deps = vi.hoisted(() => ({ db: null as unknown, workos: null as unknown }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('../env', () => ({
  getEnv: () => ({
    trustedProxyHops: 0,
    deleteRecoveryDays: 7,
    reveal: { reasonDestination: 'console-and-workos' },
  }),
}));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => deps.db,
}));
vi.mock('../workos/client', () => ({ getWorkOS: () => deps.workos }));

const { BACKENDS, stopTestPostgres, testDb } = await import('../testing/backends');
const { startTestEmulator } = await import('../emulator/testing');
const { DEFAULT_POLICY_FIELDS, savePolicy } = await import('../approvals/policy');
const changes = await import('./change-requests');
const requests = await import('../approvals/requests');
const { openSealed, sealValue } = await import('../recovery/seal');
const { getCopy, insertCopy, keepCopy } = await import('../recovery/store');
const { restoreDeleted } = await import('./restore');
const { eraseFinishedStaged } = await import('../recovery/staged');
const { proposeValueChangeSchema } = await import('./schemas');

import type { ConsoleSession } from '../auth/session';
import type { Db } from '../db/client';
import type { TestEmulator } from '../emulator/testing';

const person = (id: string): ConsoleSession => ({
  user: { id, email: `${id}@example.com`, name: id },
  sessionId: `s_${id}`,
  organizationId: 'org_staff',
  role: 'admin',
  permissions: [],
  isStaffSession: true,
  impersonator: null,
  authTime: Math.floor(Date.now() / 1000),
});
const alex = person('alex');
const blair = person('blair');
const casey = person('casey');

const ORG = 'org_01CHANGEREQUESTS0000000000';
const OPEN = 'org_01NOPOLICY000000000000000';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
  deps.workos = t.workos;
});
afterAll(async () => {
  await t.close();
  await stopTestPostgres();
});

describe('change request schemas', () => {
  it('needs a reason and names the rule', () => {
    const r = proposeValueChangeSchema.safeParse({
      objectId: 'obj_1',
      value: 'x',
      versionCheck: 'v1',
      reason: 'hm',
    });
    expect(r.error?.issues[0]?.message).toBe(
      'Say why this change is needed (at least 5 characters).',
    );
  });
});

describe('change request notifications', () => {
  it('say what was proposed and that an approval applies it, never a grant', async () => {
    const { messageFromAudit } = await import('../notify/from-audit');
    const opts = { names: 'full' as const, reasons: true, occurredAt: new Date(0).toISOString() };
    const base = { user: { id: 'alex', email: 'alex@example.com' }, orgId: ORG, objectId: 'o' };
    const created = messageFromAudit(
      {
        ...base,
        action: 'request.created',
        detail: { request_id: 'areq_x', kind: 'change', op: 'delete' },
      },
      'request.created',
      opts,
    );
    expect(created.status).toBe('change request: delete');
    const approved = messageFromAudit(
      {
        ...base,
        action: 'request.approved',
        detail: { request_id: 'areq_x', kind: 'change', op: 'update', status: 'approved' },
      },
      'request.approved',
      opts,
    );
    expect(approved.status).toBe('approved, change being applied');
  });
});

describe.each(BACKENDS)('change requests on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    deps.db = db;
    const saved = await savePolicy(
      casey,
      {
        scope: ORG,
        fields: { ...DEFAULT_POLICY_FIELDS, changeNeedsApproval: true, deleteNeedsApproval: true },
        versionCheck: 0,
      },
      db,
    );
    expect(saved.ok).toBe(true);
  });
  afterAll(() => close());
  beforeEach(() => {
    deps.db = db;
    deps.workos = t.workos;
  });

  let n = 0;
  async function object(value: string, org = ORG) {
    const meta = await t.workos.vault.createObject({
      name: `cr-${backend}-${++n}-${Date.now()}`,
      value,
      context: { organization_id: org },
    });
    return { id: meta.id, versionId: meta.versionId!, name: `cr-${backend}-${n}` };
  }
  const valueOf = async (id: string) => (await t.workos.vault.readObject({ id })).value;
  const stagedRow = async (id: string) =>
    (
      await db.query<{ sealed: string; context: unknown }>(
        'select sealed, context from change_request_values where request_id = $1',
        [id],
      )
    ).rows[0] ?? null;
  const request = async (id: string) => (await requests.getAccessRequest(id, db))!.request;
  async function propose(objectId: string, versionCheck: string, value: string, who = alex) {
    const r = await changes.proposeChange(who, {
      op: 'update',
      objectId,
      value,
      versionCheck,
      reason: 'rotate the webhook secret',
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.data.id;
  }

  it('with no policy for its organization, nothing is filed and direct writes stay allowed', async () => {
    const o = await object('plain', OPEN);
    const r = await changes.proposeChange(alex, {
      op: 'update',
      objectId: o.id,
      value: 'new',
      versionCheck: o.versionId,
      reason: 'rotate the webhook secret',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid_input');
    expect(await changes.directWriteRefusal('update', { objectId: o.id })).toBeNull();
    expect(await changes.directWriteRefusal('create', { orgId: OPEN })).toBeNull();
  });

  it('where policy asks, a direct write is refused and a proposal stages the value sealed under the object’s own context', async () => {
    const o = await object('old-value');
    expect(await changes.directWriteRefusal('update', { objectId: o.id })).toMatchObject({
      code: 'forbidden',
    });
    expect(await changes.directWriteRefusal('delete', { objectId: o.id })).toMatchObject({
      code: 'forbidden',
    });
    expect(await changes.directWriteRefusal('create', { orgId: ORG })).toMatchObject({
      code: 'forbidden',
    });
    const secret = 'canary-proposed-4b1d7e';
    const id = await propose(o.id, o.versionId, secret);
    const r = await request(id);
    expect(r).toMatchObject({ kind: 'change', status: 'pending', objectId: o.id });
    expect(r.change).toMatchObject({ op: 'update', baseVersionId: o.versionId, stale: null });
    expect(requests.displayStatus(r)).toBe('pending');
    const staged = (await stagedRow(id))!;
    expect(staged.sealed).not.toContain(secret);
    expect(Buffer.from(staged.sealed, 'base64').toString('latin1')).not.toContain(secret);
    const everything = await db.query(
      `select * from access_requests r left join change_request_values v on v.request_id = r.id`,
    );
    expect(JSON.stringify(everything.rows)).not.toContain(secret);
    // Opens only as this request's staged value, never as a recovery copy or under another id.
    expect(await openSealed(t.workos.vault, staged.sealed, id, 'change-request')).toEqual({
      ok: true,
      value: secret,
    });
    expect((await openSealed(t.workos.vault, staged.sealed, id)).ok).toBe(false);
    expect(
      (await openSealed(t.workos.vault, staged.sealed, 'areq_other', 'change-request')).ok,
    ).toBe(false);
    // Proposed on an old version: a conflict naming who changed it, and nothing filed.
    const before = (await db.query('select count(*)::int as n from access_requests')).rows[0];
    const stale = await changes.proposeChange(alex, {
      op: 'update',
      objectId: o.id,
      value: 'x',
      versionCheck: 'not-the-version',
      reason: 'rotate the webhook secret',
    });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('conflict');
    expect((await db.query('select count(*)::int as n from access_requests')).rows[0]).toEqual(
      before,
    );
  });

  it('the proposer never approves their own; another approver’s approval applies it through the write path and erases the staged value', async () => {
    const o = await object('v1-value');
    const id = await propose(o.id, o.versionId, 'v2-value');
    const self = await changes.decide(alex, { requestId: id, decision: 'approve', comment: '' });
    expect(self).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await valueOf(o.id)).toBe('v1-value');
    const ok = await changes.decide(blair, { requestId: id, decision: 'approve', comment: 'ok' });
    expect(ok).toMatchObject({ ok: true, data: { status: 'applied' } });
    expect(await valueOf(o.id)).toBe('v2-value');
    const r = await request(id);
    expect(requests.displayStatus(r)).toBe('applied');
    const now = await t.workos.vault.describeObject({ id: o.id });
    expect(r.change?.appliedVersionId).toBe(now.metadata.versionId);
    expect(await stagedRow(id)).toBeNull();
    const trail = await db.query<{
      action: string;
      user_email: string;
      detail: Record<string, string>;
    }>(
      `select action, user_email, detail from audit_events where object_id = $1 and outcome = 'success' order by occurred_at, id`,
      [o.id],
    );
    expect(trail.rows.map((x) => x.action)).toEqual([
      'request.created',
      'request.approved',
      'object.updated',
      'request.applied',
    ]);
    expect(trail.rows[2]).toMatchObject({
      user_email: 'blair@example.com',
      detail: { change_request_id: id, proposed_by: 'alex@example.com' },
    });
    // Approving again changes nothing.
    const again = await changes.decide(casey, { requestId: id, decision: 'approve', comment: '' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('an object changed by the SDK meanwhile turns the request stale (who and when), never applied over it; the rebased request applies', async () => {
    const o = await object('base');
    const id = await propose(o.id, o.versionId, 'mine');
    // Another service changes the object directly through the SDK.
    const theirs = await t.workos.vault.updateObject({
      id: o.id,
      value: 'theirs',
      versionCheck: o.versionId,
    });
    const waiting = await requests.pendingForApprover('blair', db);
    const refused = await changes.decide(blair, {
      requestId: id,
      decision: 'approve',
      comment: '',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toContain('stale');
    expect(await valueOf(o.id)).toBe('theirs');
    const stale = await request(id);
    expect(requests.displayStatus(stale)).toBe('stale');
    expect(stale.change?.stale?.versionId).toBe(theirs.metadata.versionId);
    expect(stale.change?.stale?.by).toBeTruthy();
    // The queue badge no longer counts it; only the proposer rebases it.
    expect(await requests.pendingForApprover('blair', db)).toBe(waiting - 1);
    const notMine = await changes.rebase(blair, id, () => true);
    expect(notMine).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const rebased = await changes.rebase(alex, id, () => true);
    expect(rebased).toEqual({ ok: true, data: { baseVersionId: theirs.metadata.versionId } });
    const pending = await request(id);
    expect(requests.displayStatus(pending)).toBe('pending');
    // The diff is against their value now, and the proposed text is the one first proposed.
    const diff = await changes.revealDiff(blair, id);
    expect(diff).toMatchObject({
      ok: true,
      data: { current: 'theirs', proposed: 'mine', stale: false },
    });
    const applied = await changes.decide(blair, {
      requestId: id,
      decision: 'approve',
      comment: '',
    });
    expect(applied).toMatchObject({ ok: true, data: { status: 'applied' } });
    expect(await valueOf(o.id)).toBe('mine');
    const actions = await db.query<{ action: string }>(
      `select action from audit_events where detail->>'request_id' = $1 order by occurred_at, id`,
      [id],
    );
    expect(actions.rows.map((x) => x.action)).toEqual([
      'request.created',
      'request.stale',
      'request.rebased',
      'request.diff_revealed',
      'request.approved',
      'request.applied',
    ]);
  });

  it('a change that lands between the approval’s check and its write is refused by the version check: stale, nothing overwritten', async () => {
    const o = await object('base');
    const id = await propose(o.id, o.versionId, 'mine');
    // The SDK update lands just before the console's version-checked write reaches WorkOS (once).
    const real = t.workos;
    let raced = false;
    deps.workos = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'vault') return Reflect.get(target, prop, receiver);
        return new Proxy(target.vault, {
          get(vault, p, r) {
            if (p !== 'updateObject') {
              const v = Reflect.get(vault, p, r);
              return typeof v === 'function' ? v.bind(vault) : v;
            }
            return async (input: Parameters<typeof vault.updateObject>[0]) => {
              if (raced) return vault.updateObject(input);
              raced = true;
              await real.vault.updateObject({
                id: o.id,
                value: 'raced-in',
                versionCheck: o.versionId,
              });
              return vault.updateObject(input);
            };
          },
        });
      },
    });
    const r = await changes.decide(blair, { requestId: id, decision: 'approve', comment: '' });
    deps.workos = real;
    expect(r).toEqual({ ok: true, data: { status: 'stale' } });
    expect(await valueOf(o.id)).toBe('raced-in');
    const stale = await request(id);
    expect(requests.displayStatus(stale)).toBe('stale');
    expect(stale.change?.appliedAt).toBeNull();
    // The staged value is kept for the rebase.
    expect(await stagedRow(id)).not.toBeNull();
  });

  it('denied and withdrawn requests erase their staged value at once; expired ones on the next sweep', async () => {
    const o = await object('base');
    const denied = await propose(o.id, o.versionId, 'a');
    const withdrawn = await propose(o.id, o.versionId, 'b');
    const expired = await propose(o.id, o.versionId, 'c');
    const open = await propose(o.id, o.versionId, 'd');
    expect(
      await changes.decide(blair, { requestId: denied, decision: 'deny', comment: 'no' }),
    ).toMatchObject({ ok: true, data: { status: 'denied' } });
    expect(await stagedRow(denied)).toBeNull();
    expect(await requests.endAccessRequest(alex, withdrawn, false, db)).toMatchObject({
      ok: true,
      data: { status: 'withdrawn' },
    });
    expect(await stagedRow(withdrawn)).toBeNull();
    await db.query(
      `update access_requests set expires_at = now() - interval '1 minute' where id = $1`,
      [expired],
    );
    expect(requests.displayStatus(await request(expired))).toBe('expired');
    expect(await stagedRow(expired)).not.toBeNull();
    expect(await eraseFinishedStaged(db)).toBe(1);
    expect(await stagedRow(expired)).toBeNull();
    expect(await stagedRow(open)).not.toBeNull();
    expect(await valueOf(o.id)).toBe('base');
    // A diff of a closed request has nothing to show.
    expect(await changes.revealDiff(blair, denied)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('the diff is two audited reads, recorded before either value is handed back', async () => {
    const o = await object('current-secret');
    const id = await propose(o.id, o.versionId, 'proposed-secret');
    const d = await changes.revealDiff(blair, id);
    expect(d).toMatchObject({
      ok: true,
      data: { op: 'update', current: 'current-secret', proposed: 'proposed-secret' },
    });
    const rows = await db.query<{
      action: string;
      user_email: string;
      detail: Record<string, string>;
    }>(
      `select action, user_email, detail from audit_events where object_id = $1 and action in ('object.revealed', 'request.diff_revealed') order by occurred_at, id`,
      [o.id],
    );
    expect(rows.rows).toEqual([
      expect.objectContaining({
        action: 'object.revealed',
        user_email: 'blair@example.com',
        detail: expect.objectContaining({ change_request_id: id, purpose: 'change_request_diff' }),
      }),
      expect.objectContaining({ action: 'request.diff_revealed', user_email: 'blair@example.com' }),
    ]);
    expect(JSON.stringify(rows.rows)).not.toContain('secret"');
  });

  it('a delete request and a new-object request apply on approval', async () => {
    const o = await object('to-go');
    const del = await changes.proposeChange(alex, {
      op: 'delete',
      objectId: o.id,
      versionCheck: o.versionId,
      reason: 'retired integration',
    });
    expect(del.ok).toBe(true);
    if (!del.ok) return;
    expect(await stagedRow(del.data.id)).toBeNull();
    expect(
      await changes.decide(blair, { requestId: del.data.id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: true, data: { status: 'applied' } });
    await expect(t.workos.vault.describeObject({ id: o.id })).rejects.toBeTruthy();

    const name = `cr-${backend}-new-${Date.now()}`;
    const created = await changes.proposeChange(alex, {
      op: 'create',
      orgId: ORG,
      name,
      value: 'brand-new',
      context: { organization_id: ORG, env: 'prod' },
      reason: 'new integration key',
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(
      await changes.decide(blair, { requestId: created.data.id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: true, data: { status: 'applied' } });
    const r = await request(created.data.id);
    expect(r.objectId).toBeTruthy();
    const made = await t.workos.vault.readObject({ id: r.objectId! });
    expect(made.value).toBe('brand-new');
    expect(made.metadata.context).toEqual({ organization_id: ORG, env: 'prod' });
  });

  /** A deleted object's recovery copy, as a delete through the console leaves it. */
  async function deletedCopy(value: string, org: string) {
    const o = await object(value, org);
    const context = { organization_id: org };
    const copyId = `rcp_cr_${backend}_${++n}`;
    const { sealed, dataKeyId } = await sealValue(t.workos.vault, value, context, copyId);
    await insertCopy(db, {
      id: copyId,
      kind: 'deleted',
      objectId: o.id,
      objectName: `restored-${backend}-${n}-${Date.now()}`,
      versionId: o.versionId,
      orgId: org,
      context,
      keyId: null,
      dataKeyId,
      sealed,
      user: { id: 'alex', email: 'alex@example.com' },
      days: 7,
    });
    await keepCopy(db, copyId);
    await t.workos.vault.deleteObject({ id: o.id, versionCheck: o.versionId });
    const copy = (await getCopy(db, copyId))!;
    return { copyId, name: copy.object_name, previousId: o.id };
  }
  const byName = async (name: string) =>
    (await t.workos.vault.listObjects({ search: name, limit: 10 })).data.find(
      (x) => x.name === name,
    ) ?? null;

  it('a restore from Recently deleted never bypasses the change policy: it is proposed as a change request, and made (copy dropped) once another approver approves', async () => {
    const c = await deletedCopy('restored-value-91c2', ORG);
    // No reason: refused, naming the rule, offering the request; nothing created.
    const bare = await restoreDeleted(alex, { copyId: c.copyId });
    expect(bare).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('approval policy puts new objects behind approval'),
        fieldErrors: { reason: [expect.any(String)] },
      },
    });
    expect(await byName(c.name)).toBeNull();
    const proposed = await restoreDeleted(alex, { copyId: c.copyId, reason: 'deleted by mistake' });
    if (!proposed.ok || !('requestId' in proposed.data)) throw new Error('not proposed');
    const id = proposed.data.requestId;
    expect(await byName(c.name)).toBeNull();
    expect(await request(id)).toMatchObject({
      kind: 'change',
      status: 'pending',
      objectName: c.name,
      change: { op: 'create' },
    });
    // The staged value is sealed for the request (not the copy's own blob), never plaintext.
    const staged = (await stagedRow(id))!;
    expect(staged.sealed).not.toContain('restored-value-91c2');
    expect((await getCopy(db, c.copyId))?.state).toBe('kept');
    // One open proposal per copy; the proposer cannot approve it.
    expect(
      await restoreDeleted(blair, { copyId: c.copyId, reason: 'me too, please' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await changes.decide(alex, { requestId: id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(
      await changes.decide(blair, { requestId: id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: true, data: { status: 'applied' } });
    const back = (await byName(c.name))!;
    expect(await valueOf(back.id)).toBe('restored-value-91c2');
    expect((await t.workos.vault.describeObject({ id: back.id })).metadata.context).toEqual({
      organization_id: ORG,
    });
    expect(await getCopy(db, c.copyId)).toBeNull();
    expect(await stagedRow(id)).toBeNull();
    const applied = await db.query<{ detail: Record<string, unknown> }>(
      `select detail from audit_events where action = 'object.created' and object_id = $1`,
      [back.id],
    );
    expect(applied.rows[0]?.detail).toMatchObject({
      change_request_id: id,
      restored_from: c.previousId,
    });
  });

  it('with no policy for new objects, a restore writes at once as before', async () => {
    const c = await deletedCopy('open-restore', OPEN);
    const r = await restoreDeleted(alex, { copyId: c.copyId });
    expect(r).toMatchObject({ ok: true, data: { name: c.name, previousId: c.previousId } });
    if (!r.ok || !('id' in r.data)) throw new Error('not restored');
    expect(await valueOf(r.data.id)).toBe('open-restore');
    expect(await getCopy(db, c.copyId)).toBeNull();
  });

  it('two approvals: the first waits, the second applies; one person counts once', async () => {
    await savePolicy(
      casey,
      {
        scope: ORG,
        fields: {
          ...DEFAULT_POLICY_FIELDS,
          changeNeedsApproval: true,
          deleteNeedsApproval: true,
          approvalsRequired: 2,
        },
        versionCheck: 1,
      },
      db,
    );
    const o = await object('base');
    const id = await propose(o.id, o.versionId, 'two-keys');
    expect(
      await changes.decide(blair, { requestId: id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: true, data: { status: 'pending' } });
    expect(
      await changes.decide(blair, { requestId: id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await valueOf(o.id)).toBe('base');
    expect(
      await changes.decide(casey, { requestId: id, decision: 'approve', comment: '' }),
    ).toMatchObject({ ok: true, data: { status: 'applied' } });
    expect(await valueOf(o.id)).toBe('two-keys');
  });
});
