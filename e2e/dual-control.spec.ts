import { buildActions } from './support/entry-points';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { ownConsole } from './support/own-console';
import { PORTS } from './support/ports';

/**
 * Dual control for tenant operations, and the auth matrix's sweep of every grant-able action, on
 * a console of its own (its own Postgres, the suite's emulator), so its approval policy changes
 * nothing for other specs and the test can read and backdate rows in its database.
 */
const own = ownConsole(PORTS.dualControl, {
  who: ['admin', 'approver', 'support'],
});
const { base: BASE, db, browserAs, act, savePolicy } = own;

/** Support asks for reveal access to an object (or its organization); the approver approves. */
async function grantSupport(objectId: string, scope: 'object' | 'organization') {
  const filed = await act('support', `/objects/${objectId}`, 'requestRevealAccess', {
    objectId,
    scope,
    minutes: 15,
    reason: 'auth matrix with a grant',
    ticket: 'SUP-1',
  });
  const requestId = filed.result?.data?.id as string;
  expect(requestId, filed.text).toMatch(/^areq_/);
  const decided = await act('approver', `/requests/${requestId}`, 'decideRequest', {
    requestId,
    decision: 'approve',
    comment: '',
  });
  expect(decided.result, decided.text).toEqual({ ok: true, data: { status: 'approved' } });
  return requestId;
}

test.describe('auth matrix with grants', () => {
  test('every grant-able action, read from the build: refused without a grant; with an object grant for A it runs on A and is refused on B (same organization) and C (another); with an organization grant it runs on A and B, not C; refused after expiry', async () => {
    test.setTimeout(120_000);
    await savePolicy({});
    const grantable = Object.entries(buildActions().specs).filter(([, s]) => s.grant);
    expect(grantable.map(([n]) => n)).toContain('revealObjectValue');
    const a = await freshObject(`grant-sweep-A-${crypto.randomUUID()}`);
    const b = await freshObject(`grant-sweep-B-${crypto.randomUUID()}`);
    const c = await freshObject(`grant-sweep-C-${crypto.randomUUID()}`, 'Contoso');
    expect(b.orgId).toBe(a.orgId);
    expect(c.orgId).not.toBe(a.orgId);
    const ctx = (o: typeof a) => ({
      orgId: o.orgId,
      objectId: o.id,
      objectName: o.name,
      versionId: o.versionId,
    });
    const code = async (name: string, o: typeof a) => {
      const spec = buildActions().specs[name]!;
      const r = await act('support', spec.page(ctx(o)), name, spec.input(ctx(o)));
      if (!r.result?.ok) for (const x of [a, b, c]) expect(r.text).not.toContain(x.value);
      return r.result?.ok ? 'ran' : (r.result?.error?.code ?? `no reply: ${r.text.slice(0, 200)}`);
    };
    const sweep = async (objects: (typeof a)[]) => {
      const out: Record<string, string[]> = {};
      for (const [name] of grantable) {
        out[name] = [];
        for (const o of objects) out[name].push(await code(name, o));
      }
      return out;
    };
    const every = (outcomes: string[]) =>
      Object.fromEntries(grantable.map(([name]) => [name, outcomes]));

    expect(await sweep([a, b, c])).toEqual(every(['forbidden', 'forbidden', 'forbidden']));

    const objectGrant = await grantSupport(a.id, 'object');
    expect(await sweep([a, b, c])).toEqual(every(['ran', 'forbidden', 'forbidden']));
    await db.query(
      `update access_requests set grant_expires_at = now() - interval '1 second' where id = $1`,
      [objectGrant],
    );
    expect(await sweep([a, b, c])).toEqual(every(['forbidden', 'forbidden', 'forbidden']));

    const orgGrant = await grantSupport(a.id, 'organization');
    expect(await sweep([a, b, c])).toEqual(every(['ran', 'ran', 'forbidden']));
    await db.query(
      `update access_requests set grant_expires_at = now() - interval '1 second' where id = $1`,
      [orgGrant],
    );
    expect(await sweep([a, b, c])).toEqual(every(['forbidden', 'forbidden', 'forbidden']));
  });
});

test.describe('dual control for tenant operations', () => {
  test('an offboarding under a dual-control policy cannot start until a second admin approves; the planner cannot approve; an edited plan needs approval again; the report names both people', async ({
    browser,
  }) => {
    test.setTimeout(150_000);
    await savePolicy({ operationsNeedApproval: ['offboard'] });
    const org = await emulator.createOrg(`dual ${Date.now().toString(36)}`);
    const objects: { id: string; name: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const name = uniqueName(`dual${i}`);
      const meta = await emulator.createObject(name, `dual-secret-${crypto.randomUUID()}`, {
        organization_id: org.id,
      });
      objects.push({ id: meta.id, name });
    }
    // The plan is made from this console's index (synced every 2 s).
    const indexed = async () =>
      Number(
        (
          await db.query<{ n: number }>(
            'select count(*)::int as n from vault_objects where org_id = $1',
            [org.id],
          )
        ).rows[0]!.n,
      );
    await expect.poll(indexed, { timeout: 30_000 }).toBe(3);

    const admin = await browserAs(browser, 'admin');
    await admin.goto(`${BASE}/orgs/${org.id}/operations`);
    await admin.getByRole('button', { name: 'Preview the offboarding' }).click();
    await expect(admin.getByText('Preview: nothing has changed yet')).toBeVisible();
    const runId = /\/operations\/(op_[a-z0-9_]+)/.exec(admin.url())![1]!;
    const dual = admin.getByTestId('dual-control');
    await expect(dual.getByTestId('approval-state')).toContainText('Waiting for an approver');
    const first = (
      await db.query<{ id: string }>(
        `select id from access_requests where kind = 'operation' and detail->>'run_id' = $1`,
        [runId],
      )
    ).rows[0]!.id;

    // Start is refused on the server, with the reason, and nothing is deleted.
    await admin.getByLabel(/Type the organization’s name/).fill(org.name);
    await admin.getByRole('button', { name: 'Delete 3 objects' }).click();
    await expect(admin.getByRole('alert').filter({ hasText: 'Not allowed' })).toContainText(
      'needs a second person to approve “offboard this organization” before it starts',
    );
    for (const o of objects) expect(await emulator.findByName(o.name)).not.toBeNull();
    const refused = await act('admin', `/orgs/${org.id}/operations/${runId}`, 'startOperation', {
      orgId: org.id,
      runId,
      confirmName: org.name,
    });
    expect(refused.result?.error?.code).toBe('forbidden');

    // The planner is not a second person, even holding vault.requests:approve.
    const self = await act('admin', `/requests/${first}`, 'decideRequest', {
      requestId: first,
      decision: 'approve',
      comment: '',
    });
    expect(self.result?.error).toMatchObject({
      code: 'forbidden',
      message:
        'You planned or edited this operation, so you cannot approve it: a second person has to.',
    });

    // The approver finds it in the queue, opens the same preview, and approves.
    const approver = await browserAs(browser, 'approver');
    await approver.goto(`${BASE}/requests`);
    await approver.getByTestId('operation-preview-link').first().click();
    await expect(approver).toHaveURL(new RegExp(`/orgs/${org.id}/operations/${runId}$`));
    const preview = approver.getByRole('table', { name: 'Objects in this operation' });
    for (const o of objects) await expect(preview).toContainText(o.id);
    await approver.goto(`${BASE}/requests/${first}`);
    await expect(approver.getByTestId('operation-preview-link')).toContainText('3 objects');
    await approver.getByRole('button', { name: 'Approve' }).click();
    await expect(approver.getByText(/approver@example\.com\s+approved/)).toBeVisible();
    await admin.reload();
    await expect(dual.getByTestId('approval-state')).toContainText(
      'Approved by approver@example.com for plan version 1',
    );

    // An object appears in the organization after the approval; the planner refreshes the
    // plan to take it in. The edited plan needs approval again.
    const late = uniqueName('dual3');
    await emulator.createObject(late, `dual-secret-${crypto.randomUUID()}`, {
      organization_id: org.id,
    });
    await expect.poll(indexed, { timeout: 30_000 }).toBe(4);
    await admin.getByRole('button', { name: 'Refresh the plan' }).click();
    await expect(admin.getByText('Plan version 2: 4 objects.')).toBeVisible();
    await expect(dual.getByTestId('approval-state')).toContainText(
      /Waiting for an approver: request areq_\w+ \(plan version 2, asked by admin@example\.com\)/,
    );
    await expect(
      admin.getByText(/Planned by admin@example\.com · 4 objects · plan version 2/),
    ).toBeVisible();
    expect(
      (await db.query(`select status from access_requests where id = $1`, [first])).rows[0],
    ).toEqual({ status: 'withdrawn' });
    const again = await act('admin', `/orgs/${org.id}/operations/${runId}`, 'startOperation', {
      orgId: org.id,
      runId,
      confirmName: org.name,
    });
    expect(again.result?.error?.code).toBe('forbidden');
    const second = (
      await db.query<{ id: string }>(
        `select id from access_requests where kind = 'operation' and detail->>'run_id' = $1 and status = 'pending'`,
        [runId],
      )
    ).rows[0]!.id;
    const approved = await act('approver', `/requests/${second}`, 'decideRequest', {
      requestId: second,
      decision: 'approve',
      comment: 'four objects, as refreshed',
    });
    expect(approved.result).toEqual({ ok: true, data: { status: 'approved' } });

    await admin.reload();
    await expect(dual.getByTestId('approval-state')).toContainText('for plan version 2');
    await admin.getByLabel(/Type the organization’s name/).fill(org.name);
    await admin.getByRole('button', { name: 'Delete 4 objects' }).click();
    await expect(admin.getByText('Finished: 4 done, 0 skipped, 0 failed.')).toBeVisible({
      timeout: 30_000,
    });
    for (const name of [...objects.map((o) => o.name), late])
      expect(await emulator.findByName(name)).toBeNull();

    // The report names both people: who planned and ran it, and who approved it.
    await admin.getByRole('link', { name: 'Erasure report' }).click();
    const term = (label: string) =>
      admin
        .locator('dl > div')
        .filter({ has: admin.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd');
    await expect(term('Planned by')).toContainText('admin@example.com at');
    await expect(term('Approved by')).toHaveText(
      `approver@example.com (plan version 2, request ${second})`,
    );
    await expect(term('Run by')).toContainText('admin@example.com at');
    const json = (await (
      await admin.request.get(`${BASE}/api/orgs/${org.id}/operations?run=${runId}`)
    ).json()) as { planned_by: string; run_by: string; approved_by: string[] };
    expect(json).toMatchObject({
      planned_by: 'admin@example.com',
      run_by: 'admin@example.com',
      approved_by: ['approver@example.com'],
    });
    await admin.context().close();
    await approver.context().close();
  });
});

test.describe('import and restore under approval', () => {
  test('an import under a dual-control policy writes nothing until a second admin approves; the approver sees names and versions, never values; a row changed meanwhile is skipped; the report names both', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    await savePolicy({ operationsNeedApproval: ['import'] });
    const org = await emulator.createOrg(`import dual ${Date.now().toString(36)}`);
    const kept = uniqueName('impkept');
    const moved = uniqueName('impmoved');
    const added = uniqueName('impnew');
    const keptMeta = await emulator.createObject(kept, 'kept-v1', { organization_id: org.id });
    const movedMeta = await emulator.createObject(moved, 'moved-v1', { organization_id: org.id });
    // The plan files updates under objects this console's index holds (synced every 2 s).
    await expect
      .poll(
        async () =>
          (await db.query('select id from vault_objects where org_id = $1', [org.id])).rows.length,
        { timeout: 30_000 },
      )
      .toBe(2);
    const secret = `import-secret-${crypto.randomUUID()}`;
    const applied = await act('admin', `/orgs/${org.id}/import`, 'applyImport', {
      orgId: org.id,
      rows: [
        {
          name: kept,
          value: `${secret}-a`,
          objectId: keptMeta.id,
          versionCheck: keptMeta.version_id,
        },
        {
          name: moved,
          value: `${secret}-b`,
          objectId: movedMeta.id,
          versionCheck: movedMeta.version_id,
        },
        { name: added, value: `${secret}-c` },
      ],
    });
    const approval = applied.result?.data?.approval as { runId: string; requestId: string };
    expect(approval?.requestId, applied.text).toMatch(/^areq_/);
    expect(applied.text).not.toContain(secret);
    expect((await emulator.read(keptMeta.id)).value).toBe('kept-v1');
    expect(await emulator.findByName(added)).toBeNull();

    // The planner cannot approve; the approver sees the same preview: names, create or update
    // against which version, and no value.
    const self = await act('admin', `/requests/${approval.requestId}`, 'decideRequest', {
      requestId: approval.requestId,
      decision: 'approve',
      comment: '',
    });
    expect(self.result?.error?.code).toBe('forbidden');
    const approver = await browserAs(browser, 'approver');
    await approver.goto(`${BASE}/requests/${approval.requestId}`);
    await approver.getByTestId('operation-preview-link').click();
    const preview = approver.getByRole('table', { name: 'Objects in this operation' });
    await expect(preview.locator('tr', { hasText: kept })).toContainText(keptMeta.version_id);
    await expect(preview.locator('tr', { hasText: added })).toContainText('new object');
    expect(await approver.content()).not.toContain(secret);
    await approver.context().close();
    const ok = await act('approver', `/requests/${approval.requestId}`, 'decideRequest', {
      requestId: approval.requestId,
      decision: 'approve',
      comment: '',
    });
    expect(ok.result).toEqual({ ok: true, data: { status: 'approved' } });

    // Another service saves one object after the approval: that row is skipped, never overwritten.
    await emulator.updateObject(movedMeta.id, 'moved-elsewhere');
    const page = `/orgs/${org.id}/operations/${approval.runId}`;
    let step = await act('admin', page, 'startOperation', { orgId: org.id, runId: approval.runId });
    while (step.result?.ok && !step.result.data?.finished)
      step = await act('admin', page, 'advanceOperation', { orgId: org.id, runId: approval.runId });
    expect(step.result?.data?.progress, step.text).toMatchObject({
      done: 2,
      skipped: 1,
      failed: 0,
    });
    expect((await emulator.read(keptMeta.id)).value).toBe(`${secret}-a`);
    expect((await emulator.read(movedMeta.id)).value).toBe('moved-elsewhere');
    expect((await emulator.read((await emulator.findByName(added))!.id)).value).toBe(`${secret}-c`);
    const staged = await db.query('select 1 from operation_row_values where run_id = $1', [
      approval.runId,
    ]);
    expect(staged.rows).toEqual([]);
    const admin = await browserAs(browser, 'admin');
    const report = (await (
      await admin.request.get(`${BASE}/api/orgs/${org.id}/operations?run=${approval.runId}`)
    ).json()) as Record<string, unknown>;
    await admin.context().close();
    expect(report).toMatchObject({
      report: 'import',
      planned_by: 'admin@example.com',
      run_by: 'admin@example.com',
      approved_by: ['approver@example.com'],
    });
    expect(JSON.stringify(report)).not.toContain(secret);
  });

  test('a restore from Recently deleted under a policy for new objects is proposed as a change request, and made once another admin approves', async () => {
    test.setTimeout(60_000);
    await savePolicy({ changeNeedsApproval: true });
    const o = await freshObject(`restore-secret-${crypto.randomUUID()}`);
    const deleted = await act('admin', o.path, 'deleteVaultObject', {
      objectId: o.id,
      versionCheck: o.versionId,
      confirmName: o.name,
    });
    expect(deleted.result?.ok, deleted.text).toBe(true);
    const copy = (
      await db.query<{ id: string }>(
        `select id from recovery_copies where object_id = $1 and kind = 'deleted' and state = 'kept'`,
        [o.id],
      )
    ).rows[0]!.id;
    const bare = await act('admin', '/deleted', 'restoreDeletedObject', { copyId: copy });
    expect(bare.result?.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('approval policy puts new objects behind approval'),
    });
    const proposed = await act('admin', '/deleted', 'restoreDeletedObject', {
      copyId: copy,
      reason: 'deleted by mistake',
    });
    const requestId = proposed.result?.data?.requestId as string;
    expect(requestId, proposed.text).toMatch(/^areq_/);
    expect(proposed.text).not.toContain(o.value);
    expect(await emulator.findByName(o.name)).toBeNull();
    const approved = await act('approver', `/requests/${requestId}`, 'decideRequest', {
      requestId,
      decision: 'approve',
      comment: '',
    });
    expect(approved.result).toMatchObject({ ok: true, data: { status: 'applied' } });
    const back = (await emulator.findByName(o.name))!;
    expect((await emulator.read(back.id)).value).toBe(o.value);
    expect((await db.query('select 1 from recovery_copies where id = $1', [copy])).rows).toEqual(
      [],
    );
  });
});
