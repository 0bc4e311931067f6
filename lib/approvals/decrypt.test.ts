import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { decryptAdmission } from './decrypt';
import { DEFAULT_POLICY_FIELDS, effectivePolicy, savePolicy, type StoredPolicy } from './policy';
import {
  activeGrants,
  createAccessRequest,
  decideAccessRequest,
  requestsForObject,
} from './requests';
import { staffPerson } from '../testing/people';

afterAll(stopTestPostgres);

const person = (id: string, permissions: string[] = []) => staffPerson(id, permissions);
// An admin: holds every permission, reveal and key tools included; the decrypt rule binds them too.
const admin = person('admin', ['vault.keys:use', 'vault.values:reveal']);
const approver = person('approver', ['vault.requests:approve']);

describe.each(BACKENDS)('key-tools decrypt approval on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
  });
  afterAll(() => close());
  beforeEach(async () => {
    await db.query('delete from access_request_decisions');
    await db.query('delete from access_requests');
    await db.query('delete from approval_policies');
  });

  const setPolicy = async (scope: string, keyDecryptNeedsApproval: boolean) => {
    const current = (
      await db.query<{ version: number }>(
        'select version from approval_policies where scope = $1',
        [scope],
      )
    ).rows[0];
    const r = await savePolicy(
      approver,
      {
        scope,
        fields: { ...DEFAULT_POLICY_FIELDS, keyDecryptNeedsApproval },
        versionCheck: current?.version ?? 0,
      },
      db,
    );
    if (!r.ok) throw new Error(r.error.message);
  };
  const grantDecrypt = async (orgId: string, who = admin) => {
    const filed = await createAccessRequest(
      who,
      {
        kind: 'decrypt',
        orgId,
        objectId: null,
        objectName: null,
        minutes: 30,
        reason: 'SUP-9 customer sent an envelope',
        ticket: '',
      },
      (await effectivePolicy(orgId, db)) as StoredPolicy,
      db,
    );
    if (!filed.ok) throw new Error(filed.error.message);
    const decided = await decideAccessRequest(
      approver,
      { requestId: filed.data.id, decision: 'approve', comment: '' },
      db,
    );
    expect(decided).toEqual({ ok: true, data: { status: 'approved' } });
    return filed.data.id;
  };

  it('with no policy, or the rule off, decrypts as before for every organization and for unreadable contexts', async () => {
    expect(await decryptAdmission(admin, 'org_1', db)).toEqual({ ok: true, grant: null });
    expect(await decryptAdmission(admin, null, db)).toEqual({ ok: true, grant: null });
    await setPolicy('environment', false);
    expect(await decryptAdmission(admin, 'org_1', db)).toEqual({ ok: true, grant: null });
    expect(await decryptAdmission(admin, null, db)).toEqual({ ok: true, grant: null });
  });

  it('with the rule on, an admin needs a grant: one for org_1 opens org_1 only, and names the rule otherwise', async () => {
    await setPolicy('environment', true);
    const refused = await decryptAdmission(admin, 'org_1', db);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!refused.ok) {
      expect(refused.error.message).toContain('requires approval for “Decrypting with key tools”');
      expect(refused.error.message).toContain('Ask for decrypt access');
    }
    const id = await grantDecrypt('org_1');
    expect(await decryptAdmission(admin, 'org_1', db)).toMatchObject({
      ok: true,
      grant: { id, orgId: 'org_1', approvedBy: ['approver@example.com'] },
    });
    expect(await decryptAdmission(admin, 'org_2', db)).toMatchObject({ ok: false });
    // Someone else's grant opens nothing for this person.
    expect(await decryptAdmission(person('other', ['vault.keys:use']), 'org_1', db)).toMatchObject({
      ok: false,
    });
    // An envelope whose organization cannot be read before decrypting is refused while the rule is on anywhere.
    expect(await decryptAdmission(admin, null, db)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('an expired or ended grant is refused, and a pending request is named', async () => {
    await setPolicy('environment', true);
    const id = await grantDecrypt('org_1');
    await db.query(
      `update access_requests set grant_expires_at = now() - interval '1 second' where id = $1`,
      [id],
    );
    expect(await decryptAdmission(admin, 'org_1', db)).toMatchObject({ ok: false });
    const pending = await createAccessRequest(
      admin,
      {
        kind: 'decrypt',
        orgId: 'org_1',
        objectId: null,
        objectName: null,
        minutes: 15,
        reason: 'again, please',
        ticket: '',
      },
      (await effectivePolicy('org_1', db)) as StoredPolicy,
      db,
    );
    const r = await decryptAdmission(admin, 'org_1', db);
    expect(r.ok).toBe(false);
    if (!r.ok && pending.ok)
      expect(r.error.message).toContain(`Your request ${pending.data.id} is waiting`);
  });

  it('an organization override decides for its organization only', async () => {
    await setPolicy('org_2', true);
    expect(await decryptAdmission(admin, 'org_1', db)).toEqual({ ok: true, grant: null });
    expect(await decryptAdmission(admin, 'org_2', db)).toMatchObject({ ok: false });
    await setPolicy('environment', true);
    await setPolicy('org_3', false);
    expect(await decryptAdmission(admin, 'org_3', db)).toEqual({ ok: true, grant: null });
  });

  it('a decrypt grant is never a reveal grant, and a reveal grant never opens key tools', async () => {
    await setPolicy('environment', true);
    await grantDecrypt('org_1');
    expect(await activeGrants('admin', undefined, db)).toEqual([]);
    expect(await requestsForObject('admin', 'obj_A', 'org_1', db)).toEqual({
      pending: null,
      grant: null,
    });
    const reveal = await createAccessRequest(
      person('support'),
      {
        orgId: 'org_2',
        objectId: null,
        objectName: null,
        minutes: 30,
        reason: 'reveal for a ticket',
        ticket: '',
      },
      (await effectivePolicy('org_2', db)) as StoredPolicy,
      db,
    );
    if (!reveal.ok) throw new Error(reveal.error.message);
    await decideAccessRequest(
      approver,
      { requestId: reveal.data.id, decision: 'approve', comment: '' },
      db,
    );
    expect(await activeGrants('support', undefined, db)).toHaveLength(1);
    expect(await decryptAdmission(person('support'), 'org_2', db)).toMatchObject({ ok: false });
  });

  it('a requester cannot approve their own decrypt request', async () => {
    await setPolicy('environment', true);
    const filed = await createAccessRequest(
      approver,
      {
        kind: 'decrypt',
        orgId: 'org_1',
        objectId: null,
        objectName: null,
        minutes: 30,
        reason: 'my own envelope',
        ticket: '',
      },
      (await effectivePolicy('org_1', db)) as StoredPolicy,
      db,
    );
    if (!filed.ok) throw new Error(filed.error.message);
    expect(
      await decideAccessRequest(
        approver,
        { requestId: filed.data.id, decision: 'approve', comment: '' },
        db,
      ),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
