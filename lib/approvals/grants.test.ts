import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleSession } from '../auth/session';
import { indexRow } from '../testing/index-sync';

const database = vi.hoisted(() => ({ db: null as unknown }));
vi.mock('../db/client', async (orig) => ({
  ...(await orig<typeof import('../db/client')>()),
  getDb: async () => database.db,
}));
// What WorkOS answers to a describe of an object the index does not hold yet.
const describe_ = vi.hoisted(() => ({
  answer: null as null | (() => Promise<unknown>),
}));
vi.mock('../workos/client', () => ({
  getWorkOS: () => ({ vault: { describeObject: () => describe_.answer!() } }),
}));

const { testPglite } = await import('../testing/backends');
const { upsertObject } = await import('../index/store');
const { grantForObject } = await import('./grants');
type Db = Awaited<ReturnType<typeof testPglite>>;
const db = await testPglite();
database.db = db;

const support = {
  user: { id: 'user_support', email: 's@example.com', name: 'S' },
  permissions: ['vault.metadata:read'],
} as unknown as ConsoleSession;

async function approved(
  id: string,
  kind: string,
  orgId: string,
  objectId: string | null,
  detail: Record<string, unknown> = {},
) {
  await (db as Db).query(
    `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, reason,
       duration_minutes, approvals_required, expires_at, granted_at, grant_expires_at, detail)
     values ($1, $2, 'approved', 'user_support', 's@example.com', $3, $4, 'r', 30, 1, now(), now(),
       now() + interval '30 minutes', $5)`,
    [id, kind, orgId, objectId, JSON.stringify(detail)],
  );
}

const sdkError = (status: number) =>
  Object.assign(new Error(`status ${status}`), { status, name: 'GenericServerException' });

describe('grantForObject', () => {
  beforeEach(async () => {
    await db.query('delete from access_requests');
    await db.query('delete from vault_objects');
    describe_.answer = null;
    for (const [id, org] of [
      ['obj_A', 'org_1'],
      ['obj_B', 'org_1'],
      ['obj_C', 'org_2'],
    ] as const)
      await upsertObject(db, indexRow(id, org));
  });

  it('an object grant opens its object only: not another of the same organization, not one of another', async () => {
    await approved('areq_a', 'reveal', 'org_1', 'obj_A');
    expect((await grantForObject(support, 'obj_A')) as { id: string }).toMatchObject({
      id: 'areq_a',
    });
    expect(await grantForObject(support, 'obj_B')).toBeNull();
    expect(await grantForObject(support, 'obj_C')).toBeNull();
  });

  it('an approved request of another kind (a tenant operation’s approval) is never a reveal grant', async () => {
    // Shaped like an organization-wide grant: no object, the organization of obj_A and obj_B.
    await approved('areq_op', 'operation', 'org_1', null, { run_id: 'op_1_00000000' });
    expect(await grantForObject(support, 'obj_A')).toBeNull();
    expect(await grantForObject(support, 'obj_B')).toBeNull();
  });

  it('an organization grant opens an object the index does not hold yet when describe names its organization, and says why when describe fails', async () => {
    await approved('areq_org', 'reveal', 'org_1', null);
    describe_.answer = async () => ({
      id: 'obj_new',
      name: 'obj_new',
      metadata: { context: { organization_id: 'org_1' } },
    });
    expect((await grantForObject(support, 'obj_new')) as { id: string }).toMatchObject({
      id: 'areq_org',
    });
    describe_.answer = async () => ({
      id: 'obj_other',
      name: 'obj_other',
      metadata: { context: { organization_id: 'org_2' } },
    });
    expect(await grantForObject(support, 'obj_other')).toBeNull();
    describe_.answer = async () => {
      throw sdkError(404);
    };
    expect(await grantForObject(support, 'obj_gone')).toBeNull();
    // WorkOS could not answer: still nothing opens, but the refusal says so instead of "no grant".
    describe_.answer = async () => {
      throw sdkError(503);
    };
    expect(await grantForObject(support, 'obj_new')).toEqual({
      error: expect.objectContaining({
        code: 'upstream_unavailable',
        message: expect.stringContaining(
          'Could not tell which organization this object belongs to',
        ),
      }),
    });
  });
});
