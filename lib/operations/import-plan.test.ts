import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Import apply under dual control, below the page: the console database (PGlite and PostgreSQL),
 * the dual-control start, the engine and the write path, and the in-process emulator through the
 * real SDK. A "concurrent change" is the test calling the emulator directly, as another service would.
 */
const deps = vi.hoisted(() => ({ db: null as unknown, workos: null as unknown }));
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
vi.mock('../env', () => ({
  getEnv: () => ({
    trustedProxyHops: 0,
    deleteRecoveryDays: 7,
    indexSync: { maxRequestsPerMinute: 6000 },
    reveal: { reasonDestination: 'console-and-workos' },
  }),
}));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => deps.db,
}));
vi.mock('../workos/client', () => ({ getWorkOS: () => deps.workos }));
vi.mock('../orgs', () => ({
  getOrganization: async (id: string) => ({ ok: true, data: { id, name: 'Acme' } }),
}));

const { BACKENDS, stopTestPostgres, testDb } = await import('../testing/backends');
const { startTestEmulator } = await import('../emulator/testing');
const { DEFAULT_POLICY_FIELDS, savePolicy } = await import('../approvals/policy');
const requests = await import('../approvals/requests');
const { applyOrPlanImport } = await import('./import-plan');
const service = await import('./service');
const { buildReport } = await import('./report');
const { eraseFinishedStaged } = await import('../recovery/staged');

import type { ConsoleSession } from '../auth/session';
import type { Db } from '../db/client';
import type { TestEmulator } from '../emulator/testing';

const person = (id: string): ConsoleSession => ({
  user: { id, email: `${id}@example.com`, name: id },
  sessionId: `s_${id}`,
  organizationId: 'org_staff',
  role: 'admin',
  permissions: ['vault.metadata:read', 'vault.objects:write', 'vault.requests:approve'],
  isStaffSession: true,
  impersonator: null,
  authTime: Math.floor(Date.now() / 1000),
});
const planner = person('planner');
const approver = person('approver');

const ORG = 'org_01IMPORTDUALCONTROL000000';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
  deps.workos = t.workos;
});
afterAll(async () => {
  await t.close();
  await stopTestPostgres();
});

describe.each(BACKENDS)('import apply under dual control on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    deps.db = db;
  });
  afterAll(() => close());
  beforeEach(async () => {
    deps.db = db;
    deps.workos = t.workos;
    await db.query('delete from approval_policies');
    await db.query(`insert into org_cache (id, name) values ($1, 'Acme') on conflict do nothing`, [
      ORG,
    ]);
  });

  const policy = async (operations: string[]) => {
    const current = await db.query<{ version: number }>(
      `select version from approval_policies where scope = $1`,
      [ORG],
    );
    const r = await savePolicy(
      person('policy_admin'),
      {
        scope: ORG,
        fields: { ...DEFAULT_POLICY_FIELDS, operationsNeedApproval: operations as never },
        versionCheck: current.rows[0]?.version ?? 0,
      },
      db,
    );
    expect(r.ok).toBe(true);
  };

  let n = 0;
  /** An object at WorkOS and in the console's index, as a sync would have filed it. */
  async function existing(value: string) {
    const name = `imp-${backend}-${++n}-${Date.now()}`;
    const meta = await t.workos.vault.createObject({
      name,
      value,
      context: { organization_id: ORG },
    });
    await db.query(
      `insert into vault_objects (id, name, org_id, context, version_id) values ($1, $2, $3, $4, $5)`,
      [meta.id, name, ORG, JSON.stringify({ organization_id: ORG }), meta.versionId],
    );
    return { id: meta.id, name, versionId: meta.versionId! };
  }
  const freshName = () => `imp-${backend}-new-${++n}-${Date.now()}`;
  const valueOf = async (id: string) => (await t.workos.vault.readObject({ id })).value;
  const valueByName = async (name: string) => {
    const page = await t.workos.vault.listObjects({ search: name, limit: 10 });
    const hit = page.data.find((o) => o.name === name);
    return hit ? valueOf(hit.id) : null;
  };
  const stagedCount = async (runId: string) =>
    Number(
      (
        await db.query<{ n: number }>(
          'select count(*)::int as n from operation_row_values where run_id = $1',
          [runId],
        )
      ).rows[0]!.n,
    );
  const start = (runId: string, who = planner) => service.startRun(who, { orgId: ORG, runId });
  const approve = (requestId: string, who = approver) =>
    requests.decideAccessRequest(who, { requestId, decision: 'approve', comment: '' }, db);
  async function plan(rows: Parameters<typeof applyOrPlanImport>[2]) {
    const r = await applyOrPlanImport(planner, ORG, rows);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.approval).not.toBeNull();
    return r.data.approval!;
  }
  async function runToEnd(runId: string) {
    const started = await start(runId);
    if (!started.ok) throw new Error(started.error.message);
    let r = started.data;
    while (!r.finished) {
      const next = await service.advanceOperationRun(planner, { orgId: ORG, runId });
      if (!next.ok) throw new Error(next.error.message);
      r = next.data;
    }
    return db.query<{ object_name: string; status: string; reason: string | null }>(
      'select object_name, status, reason from operation_rows where run_id = $1 order by seq',
      [runId],
    );
  }

  it('with no policy (or one for other operations), an apply writes at once as before and files nothing', async () => {
    await policy(['offboard']);
    const o = await existing('old');
    const name = freshName();
    const runsBefore = (await db.query('select id from operation_runs')).rows.length;
    const r = await applyOrPlanImport(planner, ORG, [
      { name: o.name, value: 'new', objectId: o.id, versionCheck: o.versionId },
      { name, value: 'created' },
    ]);
    expect(r).toMatchObject({ ok: true, data: { approval: null } });
    if (!r.ok) return;
    expect(r.data.rows.map((x) => x.status)).toEqual(['updated', 'created']);
    expect(await valueOf(o.id)).toBe('new');
    expect(await valueByName(name)).toBe('created');
    expect((await db.query('select id from operation_runs')).rows.length).toBe(runsBefore);
  });

  it('where policy lists import: nothing is written, values are staged sealed, the planner cannot approve, a second admin’s approval lets it run; the report names both', async () => {
    await policy(['import']);
    const o = await existing('before-import');
    const name = freshName();
    const secret = 'canary-import-7f3a91';
    const p = await plan([
      { name: o.name, value: `${secret}-update`, objectId: o.id, versionCheck: o.versionId },
      { name, value: `${secret}-create` },
    ]);
    expect(p.objects).toBe(2);
    expect(await valueOf(o.id)).toBe('before-import');
    expect(await valueByName(name)).toBeNull();
    // Sealed, never plaintext, anywhere in the console database's plan and request.
    expect(await stagedCount(p.runId)).toBe(2);
    const everything = await db.query(
      `select * from operation_runs o join operation_rows r on r.run_id = o.id
         left join operation_row_values v on v.run_id = r.run_id and v.seq = r.seq
       where o.id = $1`,
      [p.runId],
    );
    expect(JSON.stringify(everything.rows)).not.toContain(secret);
    for (const row of everything.rows as { sealed: string }[])
      expect(Buffer.from(row.sealed, 'base64').toString('latin1')).not.toContain(secret);
    // The request is an operation approval for this plan; the preview shows names and versions.
    const req = (await requests.getAccessRequest(p.requestId, db))!.request;
    expect(req).toMatchObject({ kind: 'operation', status: 'pending', requesterId: 'planner' });
    expect(req.operation).toMatchObject({ runId: p.runId, operation: 'import', objects: 2 });
    const planned = await db.query<{
      object_id: string;
      object_name: string;
      expected_version: string | null;
    }>(
      'select object_id, object_name, expected_version from operation_rows where run_id = $1 order by seq',
      [p.runId],
    );
    expect(planned.rows).toEqual([
      { object_id: o.id, object_name: o.name, expected_version: o.versionId },
      { object_id: '', object_name: name, expected_version: null },
    ]);
    // Not started before approval; never approved by the planner.
    expect(await start(p.runId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await approve(p.requestId, planner)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await valueOf(o.id)).toBe('before-import');
    expect(await approve(p.requestId)).toEqual({ ok: true, data: { status: 'approved' } });
    const rows = await runToEnd(p.runId);
    expect(rows.rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect(await valueOf(o.id)).toBe(`${secret}-update`);
    expect(await valueByName(name)).toBe(`${secret}-create`);
    expect(await stagedCount(p.runId)).toBe(0);
    const report = (await buildReport(db, p.runId))!;
    expect(report).toMatchObject({
      report: 'import',
      planned_by: 'planner@example.com',
      run_by: 'planner@example.com',
      approved_by: ['approver@example.com'],
      approval_request_id: p.requestId,
    });
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  it('a row whose object changed after the plan is skipped, never written over; the others apply', async () => {
    await policy(['import']);
    const changed = await existing('v1');
    const calm = await existing('calm-v1');
    const p = await plan([
      {
        name: changed.name,
        value: 'from-import',
        objectId: changed.id,
        versionCheck: changed.versionId,
      },
      { name: calm.name, value: 'calm-v2', objectId: calm.id, versionCheck: calm.versionId },
    ]);
    await approve(p.requestId);
    // Another service saves a new version between the plan and the run.
    await t.workos.vault.updateObject({ id: changed.id, value: 'concurrent' });
    const rows = await runToEnd(p.runId);
    expect(rows.rows[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('no longer current. Not overwritten.'),
    });
    expect(rows.rows[1]).toMatchObject({ status: 'done' });
    expect(await valueOf(changed.id)).toBe('concurrent');
    expect(await valueOf(calm.id)).toBe('calm-v2');
    expect(await stagedCount(p.runId)).toBe(0);
  });

  it('a plan edited after approval (a row out, or a staged value swapped) needs approval again', async () => {
    await policy(['import']);
    const a = await existing('a1');
    const b = await existing('b1');
    const p = await plan([
      { name: a.name, value: 'a2', objectId: a.id, versionCheck: a.versionId },
      { name: b.name, value: 'b2', objectId: b.id, versionCheck: b.versionId },
    ]);
    await approve(p.requestId);
    // A staged value replaced behind the approval's back: the hash no longer matches.
    const saved = await db.query<{ sealed: string }>(
      'select sealed from operation_row_values where run_id = $1 and seq = 1',
      [p.runId],
    );
    await db.query('update operation_row_values set sealed = $2 where run_id = $1 and seq = 1', [
      p.runId,
      `${saved.rows[0]!.sealed.slice(0, -4)}AAAA`,
    ]);
    expect(await start(p.runId)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('needs approval again') },
    });
    await db.query('update operation_row_values set sealed = $2 where run_id = $1 and seq = 1', [
      p.runId,
      saved.rows[0]!.sealed,
    ]);
    // Taking a row out is a new plan version: the old approval is withdrawn, a new one is asked.
    const removed = await service.removeFromPlan(planner, { orgId: ORG, runId: p.runId, seq: 2 });
    expect(removed).toMatchObject({ ok: true, data: { planVersion: 2 } });
    expect((await requests.getAccessRequest(p.requestId, db))?.request.status).toBe('withdrawn');
    expect(await start(p.runId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The re-ask keeps the staged values (only a closed request erases them).
    expect(await stagedCount(p.runId)).toBe(1);
    if (!removed.ok) return;
    expect(await approve(removed.data.approvalRequestId!)).toMatchObject({ ok: true });
    const rows = await runToEnd(p.runId);
    expect(rows.rows.map((r) => [r.object_name, r.status])).toEqual([[a.name, 'done']]);
    expect(await valueOf(a.id)).toBe('a2');
    expect(await valueOf(b.id)).toBe('b1');
  });

  it('denied, withdrawn or expired: the plan is discarded and its staged values erased', async () => {
    await policy(['import']);
    const o = await existing('keep');
    const rows = [{ name: o.name, value: 'never', objectId: o.id, versionCheck: o.versionId }];
    const status = async (runId: string) =>
      (
        await db.query<{ status: string }>('select status from operation_runs where id = $1', [
          runId,
        ])
      ).rows[0]!.status;

    const denied = await plan(rows);
    expect(
      await requests.decideAccessRequest(
        approver,
        { requestId: denied.requestId, decision: 'deny', comment: 'no' },
        db,
      ),
    ).toMatchObject({ ok: true, data: { status: 'denied' } });
    expect(await stagedCount(denied.runId)).toBe(0);
    expect(await status(denied.runId)).toBe('cancelled');
    expect(await start(denied.runId)).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const withdrawn = await plan(rows);
    expect(await requests.endAccessRequest(planner, withdrawn.requestId, false, db)).toMatchObject({
      ok: true,
      data: { status: 'withdrawn' },
    });
    expect(await stagedCount(withdrawn.runId)).toBe(0);
    expect(await status(withdrawn.runId)).toBe('cancelled');

    // Expired before anyone decided; and approved but never started before the approval lapsed.
    const expired = await plan(rows);
    const lapsed = await plan(rows);
    await approve(lapsed.requestId);
    await db.query(
      `update access_requests set expires_at = now() - interval '1 minute' where id = $1`,
      [expired.requestId],
    );
    await db.query(
      `update access_requests set grant_expires_at = now() - interval '1 minute' where id = $1`,
      [lapsed.requestId],
    );
    const open = await plan(rows);
    // Asking again for an expired plan's approval finds it discarded: its values are gone.
    expect(
      await service.requestRunApproval(planner, { orgId: ORG, runId: expired.runId }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await eraseFinishedStaged(db);
    expect(await stagedCount(expired.runId)).toBe(0);
    expect(await status(expired.runId)).toBe('cancelled');
    expect(await stagedCount(lapsed.runId)).toBe(0);
    expect(await status(lapsed.runId)).toBe('cancelled');
    // A plan still waiting keeps its values.
    expect(await stagedCount(open.runId)).toBe(1);
    expect(await status(open.runId)).toBe('planned');
    // Discarding it erases them too.
    expect(await service.cancelRun(planner, { orgId: ORG, runId: open.runId })).toMatchObject({
      ok: true,
    });
    expect(await stagedCount(open.runId)).toBe(0);
    expect(await valueOf(o.id)).toBe('keep');
  });
});
