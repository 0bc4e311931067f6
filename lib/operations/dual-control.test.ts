import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { staffPerson } from '../testing/people';

const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
vi.mock('../orgs', () => ({
  getOrganization: async (id: string) => ({ ok: true, data: { id, name: 'Acme' } }),
}));
// The engine's WorkOS work is not what is tested here: a started run reports its progress.
const advanced = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock('./engine', () => ({
  advanceRun: async (_s: unknown, _db: unknown, runId: string) => {
    advanced.calls.push(runId);
    return { finished: false, busy: false, progress: {} };
  },
}));

const { DEFAULT_POLICY_FIELDS, savePolicy } = await import('../approvals/policy');
const { activeGrants, decideAccessRequest, getAccessRequest } =
  await import('../approvals/requests');
const service = await import('./service');
const { planHashOf } = await import('./dual-control');

afterAll(stopTestPostgres);

const person = (id: string) =>
  staffPerson(id, ['vault.metadata:read', 'vault.objects:delete', 'vault.requests:approve']);
const planner = person('planner');
const approver = person('approver');

describe('plan hash', () => {
  it('changes with any row, its version or key, and with the organization or kind', () => {
    const rows = [
      { object_id: 'a', expected_version: 'v1', key_id_before: null },
      { object_id: 'b', expected_version: 'v1', key_id_before: 'k' },
    ];
    const base = planHashOf('offboard', 'org_1', rows);
    expect(planHashOf('offboard', 'org_1', rows.slice(0, 1))).not.toBe(base);
    expect(
      planHashOf('offboard', 'org_1', [rows[0]!, { ...rows[1]!, expected_version: 'v2' }]),
    ).not.toBe(base);
    expect(planHashOf('offboard', 'org_2', rows)).not.toBe(base);
    expect(planHashOf('bulk_delete', 'org_1', rows)).not.toBe(base);
    expect(planHashOf('offboard', 'org_1', rows)).toBe(base);
  });
});

describe.each(BACKENDS)('dual control for tenant operations on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    database.db = db;
  });
  afterAll(() => close());
  beforeEach(async () => {
    database.db = db;
    advanced.calls = [];
    await db.query('delete from approval_policies');
    await db.query('delete from access_requests');
    await db.query('delete from operation_runs');
    await db.query('delete from vault_objects');
    for (const [id, name] of [
      ['obj_1', 'acme/a'],
      ['obj_2', 'acme/b'],
      ['obj_3', 'acme/c'],
    ])
      await db.query(
        `insert into vault_objects (id, name, org_id, context, version_id) values ($1, $2, 'org_acme', '{"organization_id":"org_acme"}', 'v1')`,
        [id, name],
      );
  });

  const policy = async (operations: string[]) => {
    const current = await db.query<{ version: number }>(
      `select version from approval_policies where scope = 'environment'`,
    );
    const r = await savePolicy(
      person('policy_admin'),
      {
        scope: 'environment',
        fields: {
          ...DEFAULT_POLICY_FIELDS,
          operationsNeedApproval: operations as never,
        },
        versionCheck: current.rows[0]?.version ?? 0,
      },
      db,
    );
    expect(r.ok).toBe(true);
  };
  const plan = async () => {
    const r = await service.planOffboardRun(planner, 'org_acme');
    if (!r.ok) throw new Error(r.error.message);
    return r.data;
  };
  const start = (runId: string, who = planner) =>
    service.startRun(who, { orgId: 'org_acme', runId, confirmName: 'Acme' });
  const approve = (requestId: string, who = approver) =>
    decideAccessRequest(who, { requestId, decision: 'approve', comment: '' }, db);

  it('with no policy, a plan files no request and starts as before', async () => {
    const p = await plan();
    expect(p.approvalRequestId).toBeNull();
    expect((await start(p.runId)).ok).toBe(true);
    expect(advanced.calls).toEqual([p.runId]);
  });

  it('a planned offboarding waits for a second person: start refused until approved, never by the planner; the run names its approval', async () => {
    await policy(['offboard']);
    const p = await plan();
    expect(p.approvalRequestId).toMatch(/^areq_/);
    const refused = await start(p.runId);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringContaining(
          `Approval request ${p.approvalRequestId} is waiting for an approver`,
        ),
      },
    });
    expect(advanced.calls).toEqual([]);
    // The planner cannot approve their own plan, even as someone who may approve.
    expect(await approve(p.approvalRequestId!, planner)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await approve(p.approvalRequestId!)).toEqual({
      ok: true,
      data: { status: 'approved' },
    });
    // An operation approval is never a reveal grant for whoever asked for it.
    expect(await activeGrants(planner.user.id, undefined, db)).toEqual([]);
    expect((await start(p.runId)).ok).toBe(true);
    const run = await db.query<{ approval_request_id: string; status: string }>(
      'select approval_request_id, status from operation_runs where id = $1',
      [p.runId],
    );
    expect(run.rows[0]).toEqual({ approval_request_id: p.approvalRequestId, status: 'running' });
    // Used: the approval cannot start anything again.
    const used = await getAccessRequest(p.approvalRequestId!, db);
    expect(used?.request.endedAt).not.toBeNull();
    const audit = await db.query<{ detail: Record<string, unknown> }>(
      `select detail from audit_events where action = 'operation.started' and detail->>'operation_run' = $1`,
      [p.runId],
    );
    expect(audit.rows[0]?.detail).toMatchObject({
      approval_request_id: p.approvalRequestId,
      approved_by: 'approver@example.com',
    });
  });

  it('a plan edited after approval needs approval again; the editor cannot approve it either', async () => {
    await policy(['offboard']);
    const p = await plan();
    await approve(p.approvalRequestId!);
    // Unchanged index: a refresh is no new version, and the approval still holds.
    const same = await service.refreshPlan(approver, { orgId: 'org_acme', runId: p.runId });
    expect(same).toEqual({ ok: true, data: { planVersion: 1, changed: false, objects: 3 } });
    // An object created since the plan: the refreshed plan is version 2 and needs approval again.
    await db.query(
      `insert into vault_objects (id, name, org_id, context, version_id) values ('obj_4', 'acme/d', 'org_acme', '{"organization_id":"org_acme"}', 'v1')`,
    );
    const edited = await service.refreshPlan(approver, { orgId: 'org_acme', runId: p.runId });
    expect(edited).toEqual({ ok: true, data: { planVersion: 2, changed: true, objects: 4 } });
    expect((await getAccessRequest(p.approvalRequestId!, db))?.request.status).toBe('withdrawn');
    expect(await start(p.runId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const next = await db.query<{ id: string }>(
      `select id from access_requests where kind = 'operation' and status = 'pending' and detail->>'run_id' = $1`,
      [p.runId],
    );
    // Who edited the plan is one of its authors now: not a second person for it.
    expect(await approve(next.rows[0]!.id, approver)).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'You planned or edited this operation, so you cannot approve it: a second person has to.',
      },
    });
    expect((await approve(next.rows[0]!.id, person('third'))).ok).toBe(true);
    expect((await start(p.runId)).ok).toBe(true);
  });

  it('a bulk delete can leave an object out (a new version); an offboarding cannot', async () => {
    await policy(['bulk_delete', 'offboard']);
    const bulk = await service.planBulkDeleteRun(planner, 'org_acme', ['obj_1', 'obj_2']);
    if (!bulk.ok) throw new Error(bulk.error.message);
    await approve(bulk.data.approvalRequestId!);
    const seq = await db.query<{ seq: number }>(
      'select seq from operation_rows where run_id = $1 order by seq limit 1',
      [bulk.data.runId],
    );
    const removed = await service.removeFromPlan(planner, {
      orgId: 'org_acme',
      runId: bulk.data.runId,
      seq: Number(seq.rows[0]!.seq),
    });
    expect(removed).toMatchObject({ ok: true, data: { planVersion: 2 } });
    expect(await start(bulk.data.runId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const off = await plan();
    expect(
      await service.removeFromPlan(planner, { orgId: 'org_acme', runId: off.runId, seq: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('an approval is bound to the plan’s hash: rows changed behind its back refuse the start', async () => {
    await policy(['offboard']);
    const p = await plan();
    await approve(p.approvalRequestId!);
    await db.query(
      `update operation_rows set expected_version = 'v9' where run_id = $1 and seq = (select min(seq) from operation_rows where run_id = $1)`,
      [p.runId],
    );
    const refused = await start(p.runId);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('needs approval again') },
    });
  });

  it('a policy turned on after the plan asks for approval at the start; turned on mid-run it never stops the run', async () => {
    const first = await plan();
    expect((await start(first.runId)).ok).toBe(true);
    const second = await plan();
    await policy(['offboard']);
    // The running one goes on.
    expect(
      (await service.advanceOperationRun(planner, { orgId: 'org_acme', runId: first.runId })).ok,
    ).toBe(true);
    // The planned one asks first.
    expect(await start(second.runId)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('No approval has been asked for yet') },
    });
    const asked = await service.requestRunApproval(planner, {
      orgId: 'org_acme',
      runId: second.runId,
    });
    if (!asked.ok) throw new Error(asked.error.message);
    await approve(asked.data.requestId);
    expect((await start(second.runId)).ok).toBe(true);
  });

  it('discarding a plan withdraws its request; a policy for another kind leaves offboarding alone', async () => {
    await policy(['offboard']);
    const p = await plan();
    expect((await service.cancelRun(planner, { orgId: 'org_acme', runId: p.runId })).ok).toBe(true);
    expect((await getAccessRequest(p.approvalRequestId!, db))?.request.status).toBe('withdrawn');
    await policy(['rewrap']);
    const q = await plan();
    expect(q.approvalRequestId).toBeNull();
    expect((await start(q.runId)).ok).toBe(true);
  });
});
