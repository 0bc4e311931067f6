import type { Page } from '@playwright/test';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { ownConsole } from './support/own-console';
import { PORTS } from './support/ports';
import { screenshotBothWidths } from './support/screens';

/**
 * Just-in-time access end to end, on a console of its own (its own Postgres, the suite's
 * emulator), so its approval policy changes nothing for other specs and the test can backdate a
 * grant in the database.
 */
const own = ownConsole(PORTS.approvals, {
  who: ['admin', 'approver', 'support'],
});
const { base: BASE, db, browserAs, act } = own;

const shoot = (page: Page, name: string) => screenshotBothWidths(page, `i26/${name}`);

const ids = { request: '', orgId: '', a: { id: '', value: '' }, b: { id: '', value: '' } };

test('with no policy, support cannot ask; an admin turns the policy on (step-up, audited with who and when)', async ({
  browser,
}) => {
  const a = await freshObject(`approvals-A-${crypto.randomUUID()}`);
  const b = await freshObject(`approvals-B-${crypto.randomUUID()}`);
  ids.a = { id: a.id, value: a.value };
  ids.b = { id: b.id, value: b.value };
  ids.orgId = a.orgId;
  const support = await browserAs(browser, 'support');
  await support.goto(`${BASE}/objects/${a.id}`);
  await expect(
    support.getByText('Your role can read metadata and versions, not values.'),
  ).toBeVisible();
  const refused = await act('support', `/objects/${a.id}`, 'requestRevealAccess', {
    objectId: a.id,
    scope: 'object',
    minutes: 30,
    reason: 'ticket work',
    ticket: '',
  });
  expect(refused.result?.error?.code).toBe('forbidden');

  // Support does not hold console.policy:manage: the page is a 403.
  const forbidden = await support.goto(`${BASE}/settings/approvals`);
  expect(forbidden?.status()).toBe(403);

  const admin = await browserAs(browser, 'admin');
  await admin.goto(`${BASE}/settings/approvals`);
  const env = admin.locator('section', {
    has: admin.getByRole('heading', { name: 'Environment default' }),
  });
  await expect(env.getByText('Not configured')).toBeVisible();
  await env.getByLabel('A ticket reference is required on every request').check();
  await env.getByRole('button', { name: 'Turn on this policy' }).click();
  await expect(env.getByText('Version 1, changed by admin@example.com')).toBeVisible();
  const changes = admin.locator('section', {
    has: admin.getByRole('heading', { name: 'Changes' }),
  });
  await expect(changes.getByRole('row', { name: /admin@example\.com/ })).toContainText('created');
  await shoot(admin, 'policy-page');
  const audit = await db.query(
    `select user_email, detail->>'scope' as scope from audit_events where action = 'policy.updated'`,
  );
  expect(audit.rows).toEqual([{ user_email: 'admin@example.com', scope: 'environment' }]);
  await admin.context().close();
  await support.context().close();
});

test('support asks, an approver sees it with the requester’s activity and approves; Reveal goes live within 2 s; the reveal is audited with the grant id and sent to the org’s Audit Log', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const support = await browserAs(browser, 'support');
  await support.goto(`${BASE}/objects/${ids.a.id}`);
  // The policy requires a ticket: the server names the rule (the form marks the field required).
  const noTicket = await act('support', `/objects/${ids.a.id}`, 'requestRevealAccess', {
    objectId: ids.a.id,
    scope: 'object',
    minutes: 30,
    reason: 'ticket work',
    ticket: '',
  });
  expect(noTicket.result?.error?.message).toBe(
    'This organization’s policy requires a ticket reference on every request.',
  );
  await support
    .getByLabel('Reason')
    .fill('Customer says webhook signatures fail; compare the secret.');
  await support.getByLabel('Ticket reference').fill('SUP-7731');
  await support.getByRole('button', { name: 'Request reveal access' }).click();
  await expect(support.getByTestId('request-pending')).toBeVisible();
  await expect(support.getByRole('button', { name: 'Reveal', exact: true })).toHaveCount(0);
  ids.request = (
    await db.query<{ id: string }>(`select id from access_requests where object_id = $1`, [
      ids.a.id,
    ])
  ).rows[0]!.id;

  const admin = await browserAs(browser, 'admin');
  await admin.goto(`${BASE}/requests`);
  await expect(admin.getByRole('link', { name: /waiting for your decision/ })).toBeVisible();
  const row = admin.getByRole('row', { name: /support@example\.com/ }).first();
  await expect(row).toContainText('Pending');
  await shoot(admin, 'requests-queue');
  await admin.goto(`${BASE}/requests/${ids.request}`);
  await expect(admin.getByTestId('requester-activity')).toContainText('request.created');
  await shoot(admin, 'request-page');

  await admin.getByLabel('Comment (optional)').fill('OK for SUP-7731');
  // The clock starts when the approval is committed (the action's reply), not at the click.
  const approved = admin.waitForResponse(
    (r) => r.request().method() === 'POST' && r.request().headers()['next-action'] !== undefined,
  );
  await admin.getByRole('button', { name: 'Approve' }).click();
  // The reply's headers come once the action has committed; its body may stream the refreshed
  // page for longer, so waiting for the body to finish can outlast the test.
  await approved;
  const clicked = Date.now();
  // The requester's open page turns on Reveal by itself (polling), within 2 s of the approval.
  await expect(support.getByRole('button', { name: 'Reveal', exact: true })).toBeVisible({
    timeout: 5_000,
  });
  const live = Date.now() - clicked;
  expect(live, `approve → Reveal live took ${live} ms`).toBeLessThanOrEqual(2_000);
  await expect(support.getByTestId('grant-banner')).toContainText('approved by admin@example.com');
  await expect(admin.getByText('Granted, running')).toBeVisible();
  await shoot(support, 'grant-countdown');
  await admin.reload();
  await expect(admin.getByTestId('grant-countdown')).toBeVisible();
  await shoot(admin, 'request-page-granted');

  await support.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(support.getByTestId('revealed-value')).toHaveText(ids.a.value);
  const audited = await db.query(
    `select user_email, detail->>'grant_id' as grant_id from audit_events where action = 'object.revealed' and object_id = $1`,
    [ids.a.id],
  );
  expect(audited.rows).toEqual([{ user_email: 'support@example.com', grant_id: ids.request }]);
  await expect
    .poll(async () =>
      (await emulator.auditLogs(ids.orgId)).data
        .filter((e) => e.action === 'vault.object.revealed' && e.targets[0]?.id === ids.a.id)
        .map((e) => e.metadata),
    )
    .toEqual([
      expect.objectContaining({ access_request_id: ids.request, approved_by: 'admin@example.com' }),
    ]);
  await admin.context().close();
  await support.context().close();
});

test('a grant for A does not open B; a requester never approves their own request', async () => {
  const onB = await act('support', `/objects/${ids.b.id}`, 'revealObjectValue', {
    objectId: ids.b.id,
    purpose: 'reveal',
  });
  expect(onB.result?.error?.code).toBe('forbidden');
  expect(onB.text).not.toContain(ids.b.value);
  const onA = await act('support', `/objects/${ids.a.id}`, 'revealObjectValue', {
    objectId: ids.a.id,
    purpose: 'copy',
  });
  expect(onA.result?.ok).toBe(true);

  // An approver's own request (filed as admin here, straight in the database) is theirs to wait on.
  const adminId = (
    await db.query<{ user_id: string }>(
      `select user_id from audit_events where user_email = 'admin@example.com' limit 1`,
    )
  ).rows[0]!.user_id;
  await db.query(
    `insert into access_requests (id, kind, status, requester_id, requester_email, org_id, object_id, object_name,
       reason, duration_minutes, approvals_required, expires_at)
     values ('areq_self_1', 'reveal', 'pending', $1, 'admin@example.com', $2, $3, 'b', 'own', 30, 1, now() + interval '1 hour')`,
    [adminId, ids.orgId, ids.b.id],
  );
  const self = await act('admin', '/requests/areq_self_1', 'decideRequest', {
    requestId: 'areq_self_1',
    decision: 'approve',
    comment: '',
  });
  expect(self.result?.error).toMatchObject({
    code: 'forbidden',
    message: 'You cannot decide your own request: another approver has to.',
  });
  const other = await act('approver', '/requests/areq_self_1', 'decideRequest', {
    requestId: 'areq_self_1',
    decision: 'deny',
    comment: 'not needed',
  });
  expect(other.result).toEqual({ ok: true, data: { status: 'denied' } });
});
