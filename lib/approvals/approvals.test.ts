import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import {
  DEFAULT_POLICY_FIELDS,
  effectivePolicy,
  removePolicy,
  savePolicy,
  type StoredPolicy,
} from './policy';
import {
  activeGrants,
  createAccessRequest,
  decideAccessRequest,
  displayStatus,
  endAccessRequest,
  getAccessRequest,
  grantCovers,
  listAccessRequests,
  pendingForApprover,
  requestsForObject,
} from './requests';
import { policyFieldsSchema, requestAccessSchema } from './schemas';
import { staffPerson } from '../testing/people';

afterAll(stopTestPostgres);

const person = (id: string) => staffPerson(id);
const support = person('support');
const alex = person('alex');
const blair = person('blair');

describe('approval schemas', () => {
  it('caps a grant at 8 hours and names the rule', () => {
    const r = requestAccessSchema.safeParse({
      objectId: 'o',
      scope: 'object',
      minutes: 481,
      reason: 'ticket work',
      ticket: '',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('A grant lasts at most 8 hours (480 minutes).');
    const p = policyFieldsSchema.safeParse({ ...DEFAULT_POLICY_FIELDS, maxGrantMinutes: 600 });
    expect(p.error?.issues[0]?.message).toBe('The longest grant is at most 8 hours (480 minutes).');
    expect(
      policyFieldsSchema.safeParse({ ...DEFAULT_POLICY_FIELDS, approvalsRequired: 3 }).success,
    ).toBe(false);
  });
});

describe('grantCovers', () => {
  it('opens only its own object, or objects of its organization', () => {
    expect(grantCovers({ objectId: 'A', orgId: 'org_1' }, 'A', 'org_1')).toBe(true);
    expect(grantCovers({ objectId: 'A', orgId: 'org_1' }, 'B', 'org_1')).toBe(false);
    expect(grantCovers({ objectId: null, orgId: 'org_1' }, 'B', 'org_1')).toBe(true);
    expect(grantCovers({ objectId: null, orgId: 'org_1' }, 'C', 'org_2')).toBe(false);
    expect(grantCovers({ objectId: null, orgId: 'org_1' }, 'D', null)).toBe(false);
  });
});

describe.each(BACKENDS)('approvals on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
  });
  afterAll(() => close());

  const policy = async (orgId: string) => (await effectivePolicy(orgId, db)) as StoredPolicy;
  const file = async (over: Partial<Parameters<typeof createAccessRequest>[1]> = {}) => {
    const r = await createAccessRequest(
      support,
      {
        orgId: 'org_1',
        objectId: 'obj_A',
        objectName: 'acme/stripe',
        minutes: 30,
        reason: 'SUP-1 customer cannot log in',
        ticket: 'SUP-1',
        ...over,
      },
      await policy(over.orgId ?? 'org_1'),
      db,
    );
    if (!r.ok) throw new Error(r.error.message);
    return r.data.id;
  };

  it('has no policy until one is saved; a stale save conflicts; every change is audited', async () => {
    expect(await effectivePolicy('org_1', db)).toBeNull();
    const first = await savePolicy(
      alex,
      { scope: 'environment', fields: DEFAULT_POLICY_FIELDS, versionCheck: 0 },
      db,
    );
    expect(first).toEqual({ ok: true, data: { version: 1 } });
    const stale = await savePolicy(
      blair,
      {
        scope: 'environment',
        fields: { ...DEFAULT_POLICY_FIELDS, ticketRequired: true },
        versionCheck: 0,
      },
      db,
    );
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe('conflict');
      expect(stale.error.message).toContain('alex@example.com changed this policy');
    }
    expect((await policy('org_1')).ticketRequired).toBe(false);
    // An organization override wins over the default.
    await savePolicy(
      blair,
      {
        scope: 'org_2',
        fields: { ...DEFAULT_POLICY_FIELDS, approvalsRequired: 2, maxGrantMinutes: 120 },
        versionCheck: 0,
      },
      db,
    );
    expect((await policy('org_2')).approvalsRequired).toBe(2);
    expect((await policy('org_1')).approvalsRequired).toBe(1);
    const audit = await db.query<{
      action: string;
      user_email: string;
      detail: { changed: string };
    }>(
      `select action, user_email, detail from audit_events where action like 'policy.%' order by occurred_at`,
    );
    expect(audit.rows.map((r) => [r.action, r.user_email])).toEqual([
      ['policy.updated', 'alex@example.com'],
      ['policy.updated', 'blair@example.com'],
    ]);
    expect(audit.rows.map((r) => r.detail.changed)).toEqual(['created', 'created']);
    const changed = await savePolicy(
      alex,
      {
        scope: 'org_2',
        fields: { ...DEFAULT_POLICY_FIELDS, approvalsRequired: 2, maxGrantMinutes: 90 },
        versionCheck: 1,
      },
      db,
    );
    expect(changed).toEqual({ ok: true, data: { version: 2 } });
    const last = await db.query<{ detail: { changed: string; version: number } }>(
      `select detail from audit_events where action = 'policy.updated' order by occurred_at desc limit 1`,
    );
    expect(last.rows[0]!.detail).toMatchObject({ changed: 'maxGrantMinutes', version: 2 });
    // Removing the override brings the default back, version-checked.
    expect((await removePolicy(alex, { scope: 'org_2', versionCheck: 7 }, db)).ok).toBe(false);
    expect((await removePolicy(alex, { scope: 'org_2', versionCheck: 2 }, db)).ok).toBe(true);
    expect((await policy('org_2')).approvalsRequired).toBe(1);
    await savePolicy(
      blair,
      {
        scope: 'org_2',
        fields: { ...DEFAULT_POLICY_FIELDS, approvalsRequired: 2, ticketRequired: true },
        versionCheck: 0,
      },
      db,
    );
  });

  it('refuses a request longer than the policy allows, or without a required ticket', async () => {
    const long = await createAccessRequest(
      support,
      { orgId: 'org_1', objectId: 'obj_A', objectName: 'a', minutes: 90, reason: 'x', ticket: '' },
      await policy('org_1'),
      db,
    );
    expect(long.ok || long.error.message).toBe(
      "This organization's policy grants at most 60 minutes; ask for less.",
    );
    const noTicket = await createAccessRequest(
      support,
      { orgId: 'org_2', objectId: null, objectName: null, minutes: 30, reason: 'x', ticket: '' },
      await policy('org_2'),
      db,
    );
    expect(noTicket.ok || noTicket.error.message).toContain('requires a ticket reference');
  });

  it('never lets a requester approve their own request; one approval opens a grant for that object only', async () => {
    const id = await file();
    expect(await pendingForApprover(alex.user.id, db)).toBe(1);
    expect(await pendingForApprover(support.user.id, db)).toBe(0);
    const self = await decideAccessRequest(
      support,
      { requestId: id, decision: 'approve', comment: '' },
      db,
    );
    expect(self.ok || self.error.code).toBe('forbidden');
    expect(await activeGrants(support.user.id, undefined, db)).toEqual([]);
    const ok = await decideAccessRequest(
      alex,
      { requestId: id, decision: 'approve', comment: 'go' },
      db,
    );
    expect(ok).toEqual({ ok: true, data: { status: 'approved' } });
    const grants = await activeGrants(support.user.id, { objectId: 'obj_A', orgId: 'org_1' }, db);
    expect(grants.map((g) => [g.id, g.approvedBy])).toEqual([[id, ['alex@example.com']]]);
    // Object B of the same organization is not covered by a grant for A.
    expect(await activeGrants(support.user.id, { objectId: 'obj_B', orgId: 'org_1' }, db)).toEqual(
      [],
    );
    const again = await decideAccessRequest(
      blair,
      { requestId: id, decision: 'deny', comment: '' },
      db,
    );
    expect(again.ok || again.error.code).toBe('conflict');
    const found = (await getAccessRequest(id, db))!;
    expect(displayStatus(found.request)).toBe('active');
    const minutes =
      (found.request.grantExpiresAt!.getTime() - found.request.grantedAt!.getTime()) / 60_000;
    expect(minutes).toBe(30);
    const audit = await db.query<{ action: string; user_email: string }>(
      `select action, user_email from audit_events where detail->>'request_id' = $1 order by occurred_at`,
      [id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['request.created', 'request.approved']);
  });

  it('a grant stops at its end time and when ended early', async () => {
    const id = await file({ objectId: 'obj_C', objectName: 'c' });
    await decideAccessRequest(alex, { requestId: id, decision: 'approve', comment: '' }, db);
    const target = { objectId: 'obj_C', orgId: 'org_1' };
    expect(await activeGrants(support.user.id, target, db)).toHaveLength(1);
    await db.query(
      `update access_requests set grant_expires_at = now() - interval '1 second' where id = $1`,
      [id],
    );
    expect(await activeGrants(support.user.id, target, db)).toEqual([]);
    expect(displayStatus((await getAccessRequest(id, db))!.request)).toBe('ended');
    expect((await endAccessRequest(alex, id, true, db)).ok).toBe(false);

    const id2 = await file({ objectId: 'obj_C', objectName: 'c' });
    await decideAccessRequest(alex, { requestId: id2, decision: 'approve', comment: '' }, db);
    // Someone who neither asked nor may approve cannot end it.
    const stranger = await endAccessRequest(blair, id2, false, db);
    expect(stranger.ok || stranger.error.code).toBe('forbidden');
    expect(await endAccessRequest(blair, id2, true, db)).toEqual({
      ok: true,
      data: { status: 'revoked' },
    });
    expect(await activeGrants(support.user.id, target, db)).toEqual([]);
    expect((await getAccessRequest(id2, db))!.request.endedByEmail).toBe('blair@example.com');
  });

  it('two approvals from two people; a deny closes; an organization grant covers that organization only', async () => {
    const id = await file({ orgId: 'org_2', objectId: null, objectName: null, ticket: 'SUP-2' });
    expect(
      await decideAccessRequest(alex, { requestId: id, decision: 'approve', comment: '' }, db),
    ).toEqual({
      ok: true,
      data: { status: 'pending' },
    });
    const twice = await decideAccessRequest(
      alex,
      { requestId: id, decision: 'approve', comment: '' },
      db,
    );
    expect(twice.ok || twice.error.message).toContain('You already decided this request');
    expect(await activeGrants(support.user.id, { objectId: 'obj_X', orgId: 'org_2' }, db)).toEqual(
      [],
    );
    await decideAccessRequest(blair, { requestId: id, decision: 'approve', comment: '' }, db);
    const [g] = await activeGrants(support.user.id, { objectId: 'obj_X', orgId: 'org_2' }, db);
    expect(g?.approvedBy.sort()).toEqual(['alex@example.com', 'blair@example.com']);
    expect(await activeGrants(support.user.id, { objectId: 'obj_X', orgId: 'org_1' }, db)).toEqual(
      [],
    );
    expect((await requestsForObject(support.user.id, 'obj_Y', 'org_2', db)).grant?.id).toBe(id);

    const denied = await file({ objectId: 'obj_D', objectName: 'd' });
    expect(
      await decideAccessRequest(
        blair,
        { requestId: denied, decision: 'deny', comment: 'no ticket' },
        db,
      ),
    ).toEqual({
      ok: true,
      data: { status: 'denied' },
    });
    const late = await decideAccessRequest(
      alex,
      { requestId: denied, decision: 'approve', comment: '' },
      db,
    );
    expect(late.ok || late.error.code).toBe('conflict');
  });

  it('an unanswered request expires and can no longer be approved', async () => {
    const id = await file({ objectId: 'obj_E', objectName: 'e' });
    expect((await requestsForObject(support.user.id, 'obj_E', 'org_1', db)).pending?.id).toBe(id);
    await db.query(
      `update access_requests set expires_at = now() - interval '1 second' where id = $1`,
      [id],
    );
    const r = await decideAccessRequest(
      alex,
      { requestId: id, decision: 'approve', comment: '' },
      db,
    );
    expect(r.ok || r.error.message).toContain('This request is expired already');
    expect((await requestsForObject(support.user.id, 'obj_E', 'org_1', db)).pending).toBeNull();
  });

  it('lists the queue newest first, a page at a time, and by requester', async () => {
    const all = await listAccessRequests('all', alex.user.id, { limit: 3 }, db);
    expect(all.rows).toHaveLength(3);
    expect(all.next).not.toBeNull();
    const rest = await listAccessRequests('all', alex.user.id, { before: all.next, limit: 50 }, db);
    const total = (await db.query<{ n: number }>('select count(*)::int as n from access_requests'))
      .rows[0]!.n;
    expect(all.rows.length + rest.rows.length).toBe(Number(total));
    const times = [...all.rows, ...rest.rows].map((r) => r.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await listAccessRequests('mine', alex.user.id, { limit: 50 }, db)).rows).toEqual([]);
    const open = await listAccessRequests('open', alex.user.id, { limit: 50 }, db);
    expect(open.rows.every((r) => ['pending', 'active'].includes(displayStatus(r)))).toBe(true);
  });
});
