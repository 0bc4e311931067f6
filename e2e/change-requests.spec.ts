import { sdkClient } from '../lib/emulator/testing';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { ownConsole } from './support/own-console';
import { PORTS } from './support/ports';
import { screenshot } from './support/screens';

/**
 * Change requests end to end, on a console of its own (its own Postgres, the suite's emulator),
 * so its approval policy changes nothing for other specs. The "other service" that changes the
 * object meanwhile is the real SDK talking to the emulator.
 */
const sdk = sdkClient(PORTS.emulator);

const own = ownConsole(PORTS.changeRequests, {
  who: ['admin', 'approver'],
});
const { base: BASE, sessions, db, browserAs, act } = own;

/** The page's HTML as the server sends it, for a signed-in person. */
async function html(who: keyof typeof sessions, path: string): Promise<string> {
  const res = await fetch(`${BASE}${path}`, {
    headers: { cookie: sessions[who].cookieHeader() },
    redirect: 'manual',
  });
  expect(res.status).toBe(200);
  return res.text();
}

const stagedRows = async (requestId: string) =>
  (
    await db.query<{ sealed: string }>(
      'select sealed from change_request_values where request_id = $1',
      [requestId],
    )
  ).rows;

const ids = { objectId: '', base: '', request: '', orgId: '' };
const PROPOSED = `proposed-${crypto.randomUUID()}`;
const ORIGINAL = `original-${crypto.randomUUID()}`;
const THEIRS = `sdk-${crypto.randomUUID()}`;

test('with the policy on, a save is refused and an admin proposes the value with a reason; it is staged sealed, never in plaintext', async ({
  browser,
}) => {
  const o = await freshObject(ORIGINAL);
  Object.assign(ids, { objectId: o.id, base: o.versionId, orgId: o.orgId });
  const admin = await browserAs(browser, 'admin');
  await admin.goto(`${BASE}/settings/approvals`);
  const env = admin.locator('section', {
    has: admin.getByRole('heading', { name: 'Environment default' }),
  });
  await env.getByLabel('A value change or a new object').check();
  await env.getByLabel('A delete').check();
  await env.getByRole('button', { name: 'Turn on this policy' }).click();
  await expect(env.getByText('Version 1, changed by admin@example.com')).toBeVisible();

  // The server refuses the direct save, whatever the page offers.
  const direct = await act('admin', o.path, 'updateObjectValue', {
    objectId: o.id,
    value: 'direct',
    versionCheck: o.versionId,
  });
  expect(direct.result?.error?.code).toBe('forbidden');
  expect(direct.result?.error?.message).toContain('puts value changes behind approval');

  await admin.goto(`${BASE}${o.path}`);
  await admin.getByRole('button', { name: 'Propose a new value' }).click();
  await admin.getByLabel(/^New value/).fill(PROPOSED);
  await admin.getByLabel('Reason for the change').fill('Rotate the webhook secret (SEC-42).');
  await admin.getByRole('button', { name: 'Propose change' }).click();
  await expect(admin.getByTestId('change-proposed')).toBeVisible();
  ids.request = (
    await db.query<{ id: string }>(
      `select id from access_requests where kind = 'change' and object_id = $1`,
      [o.id],
    )
  ).rows[0]!.id;
  const staged = await stagedRows(ids.request);
  expect(staged).toHaveLength(1);
  expect(staged[0]!.sealed).not.toContain(PROPOSED);
  expect(Buffer.from(staged[0]!.sealed, 'base64').toString('latin1')).not.toContain(PROPOSED);
  const anywhere = await db.query(`select * from access_requests where id = $1`, [ids.request]);
  expect(JSON.stringify(anywhere.rows)).not.toContain(PROPOSED);
  // Nothing was written yet.
  expect((await sdk.vault.readObject({ id: o.id })).value).toBe(ORIGINAL);
  await admin.context().close();
});

test('neither value is in the request page’s HTML; the proposer cannot approve their own; a concurrent SDK update turns it stale and nothing is overwritten', async ({
  browser,
}) => {
  const page = await html('approver', `/requests/${ids.request}`);
  expect(page).toContain('Show the diff');
  expect(page).not.toContain(PROPOSED);
  expect(page).not.toContain(ORIGINAL);

  const self = await act('admin', `/requests/${ids.request}`, 'decideRequest', {
    requestId: ids.request,
    decision: 'approve',
    comment: '',
  });
  expect(self.result?.error).toMatchObject({
    code: 'forbidden',
    message: 'You cannot decide your own request: another approver has to.',
  });

  const approver = await browserAs(browser, 'approver');
  await approver.goto(`${BASE}/requests/${ids.request}`);
  await expect(approver.getByText('Pending', { exact: true })).toBeVisible();
  // Another service changes the object through the SDK, after the proposal.
  const theirs = await sdk.vault.updateObject({
    id: ids.objectId,
    value: THEIRS,
    versionCheck: ids.base,
  });
  await approver.getByRole('button', { name: 'Approve' }).click();
  await expect(approver.getByRole('alert').filter({ hasText: 'stale' })).toBeVisible();
  expect((await sdk.vault.readObject({ id: ids.objectId })).value).toBe(THEIRS);
  await approver.reload();
  await expect(approver.getByTestId('stale-notice')).toContainText(
    `now version ${theirs.metadata.versionId}`,
  );
  await expect(approver.getByText('Stale: needs rebase')).toBeVisible();
  // Until it is rebased it can be denied, not approved.
  await expect(approver.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(approver.getByRole('button', { name: 'Deny' })).toBeVisible();
  await screenshot(approver, 'r7-change/stale-request');
  const stale = await db.query<{ stale_version_id: string; applied_at: Date | null }>(
    `select stale_version_id, applied_at from access_requests where id = $1`,
    [ids.request],
  );
  expect(stale.rows[0]).toEqual({
    stale_version_id: theirs.metadata.versionId,
    applied_at: null,
  });
  // The staged value is kept for the rebase.
  expect(await stagedRows(ids.request)).toHaveLength(1);
  await approver.context().close();
});

test('the proposer rebases keeping their text; a second admin sees the audited diff and approves; it applies through the write path', async ({
  browser,
}) => {
  const admin = await browserAs(browser, 'admin');
  await admin.goto(`${BASE}/requests/${ids.request}`);
  await admin.getByRole('button', { name: 'Rebase on the current version' }).click();
  await expect(admin.getByText('Pending', { exact: true })).toBeVisible();
  await expect(admin.getByTestId('stale-notice')).toHaveCount(0);
  await admin.context().close();

  const approver = await browserAs(browser, 'approver');
  await approver.goto(`${BASE}/requests/${ids.request}`);
  expect(await approver.content()).not.toContain(PROPOSED);
  await approver.getByRole('button', { name: 'Show the diff' }).click();
  const diff = approver.getByTestId('change-diff');
  await expect(diff).toContainText(PROPOSED);
  await expect(diff).toContainText(THEIRS);
  await screenshot(approver, 'r7-change/request-diff');
  const revealed = await db.query<{ action: string; user_email: string }>(
    `select action, user_email from audit_events where action in ('request.diff_revealed', 'object.revealed') and object_id = $1 order by occurred_at`,
    [ids.objectId],
  );
  expect(revealed.rows).toEqual([
    { action: 'object.revealed', user_email: 'approver@example.com' },
    { action: 'request.diff_revealed', user_email: 'approver@example.com' },
  ]);
  await approver.getByRole('button', { name: 'Hide the diff' }).click();
  await approver.getByLabel('Comment (optional)').fill('Checked against SEC-42');
  await approver.getByRole('button', { name: 'Approve' }).click();
  // The "Applied" row (when, as which version) appears only once the change is written.
  await expect(approver.getByRole('term').filter({ hasText: /^Applied$/ })).toBeVisible();
  expect((await sdk.vault.readObject({ id: ids.objectId })).value).toBe(PROPOSED);
  expect(await stagedRows(ids.request)).toHaveLength(0);
  const trail = await db.query<{ action: string; user_email: string; proposed_by: string }>(
    `select action, user_email, detail->>'proposed_by' as proposed_by from audit_events
     where object_id = $1 and action in ('object.updated', 'request.applied') and outcome = 'success' order by occurred_at`,
    [ids.objectId],
  );
  expect(trail.rows).toEqual([
    {
      action: 'object.updated',
      user_email: 'approver@example.com',
      proposed_by: 'admin@example.com',
    },
    {
      action: 'request.applied',
      user_email: 'approver@example.com',
      proposed_by: 'admin@example.com',
    },
  ]);
  await approver.context().close();
});

test('a denied request’s sealed value is erased at once', async () => {
  const now = await sdk.vault.describeObject({ id: ids.objectId });
  const filed = await act('admin', `/objects/${ids.objectId}`, 'proposeValueChange', {
    objectId: ids.objectId,
    value: 'never-applied',
    versionCheck: now.metadata.versionId,
    reason: 'Try a value that gets denied.',
  });
  expect(filed.result?.ok).toBe(true);
  const id = String(filed.result?.data?.id);
  expect(await stagedRows(id)).toHaveLength(1);
  const denied = await act('approver', `/requests/${id}`, 'decideRequest', {
    requestId: id,
    decision: 'deny',
    comment: 'Not this one',
  });
  expect(denied.result).toEqual({ ok: true, data: { status: 'denied' } });
  expect(await stagedRows(id)).toHaveLength(0);
  expect((await sdk.vault.readObject({ id: ids.objectId })).value).toBe(PROPOSED);
});
