import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { ownConsole } from './support/own-console';
import { PORTS } from './support/ports';

/**
 * "Decrypting with key tools" behind approval, on a console of its own (its own Postgres, the
 * suite's emulator), so the policy changes nothing for other specs and grants can be backdated.
 * The rule binds admins too: an admin asks, a second person approves.
 */
const own = ownConsole(PORTS.decryptApproval, {
  who: ['admin', 'approver'],
  env: { RATE_LIMIT_KEY_TOOLS: '100000/600' },
});
const { base: BASE, db, browserAs, act, savePolicy } = own;

async function encryptFor(orgId: string, plaintext: string) {
  const r = await act('admin', '/key-tools', 'encryptWithDataKey', {
    plaintext,
    context: [{ key: 'organization_id', value: orgId }],
  });
  expect(r.result?.ok, r.text).toBe(true);
  return r.result!.data!.ciphertext as string;
}

const decrypt = (ciphertext: string) =>
  act('admin', '/key-tools', 'decryptWithDataKey', { ciphertext });

test('decrypting with key tools needs a decrypt grant for the envelope’s organization when the policy says so; an admin asks from key tools, another person approves, the decrypt is audited with the grant id; a grant for A does not open B and stops at expiry', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await emulator.orgByName('Northwind');
  const b = await emulator.orgByName('Contoso');
  const secretA = `a-${crypto.randomUUID()}`;
  const cipherA = await encryptFor(a.id, secretA);
  const cipherB = await encryptFor(b.id, `b-${crypto.randomUUID()}`);

  // Policy off (saved, rule not set): today's behaviour.
  await savePolicy({ keyDecryptNeedsApproval: false });
  expect((await decrypt(cipherA)).result).toMatchObject({ ok: true, data: { plaintext: secretA } });

  await savePolicy({ keyDecryptNeedsApproval: true });
  const refused = await decrypt(cipherA);
  expect(refused.result?.ok, refused.text).toBe(false);
  expect(refused.result?.error?.code).toBe('forbidden');
  expect(refused.result?.error?.message).toContain('“Decrypting with key tools”');
  expect(refused.text).not.toContain(secretA);

  // The page says why and offers to ask, with the organization read from the pasted ciphertext.
  const page = await browserAs(browser, 'admin');
  await page.goto(`${BASE}/key-tools`);
  await page.getByLabel('Ciphertext (base64)').fill(cipherA);
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(page.getByText(/requires approval for “Decrypting with key tools”/)).toBeVisible();
  await expect(page.getByTestId('decrypted-value')).toHaveCount(0);
  const ask = page.getByRole('region', { name: 'Ask for decrypt access' });
  await expect(ask.getByLabel('Organization')).toHaveValue(a.id);
  await ask.getByLabel('Reason').fill('SUP-77 customer sent an envelope to check');
  await ask.getByRole('button', { name: 'Request decrypt access' }).click();
  await expect(ask.getByRole('status')).toContainText('Request filed');
  const requestId = (await ask.getByRole('status').getByRole('link').textContent())!.trim();
  expect(requestId).toMatch(/^areq_/);
  expect(
    (await db.query(`select kind, org_id from access_requests where id = $1`, [requestId])).rows[0],
  ).toEqual({ kind: 'decrypt', org_id: a.id });

  // Never one's own, not even an admin's.
  const own = await act('admin', `/requests/${requestId}`, 'decideRequest', {
    requestId,
    decision: 'approve',
    comment: '',
  });
  expect(own.result?.error?.code, own.text).toBe('forbidden');
  const approved = await act('approver', `/requests/${requestId}`, 'decideRequest', {
    requestId,
    decision: 'approve',
    comment: 'ok for SUP-77',
  });
  expect(approved.result, approved.text).toEqual({ ok: true, data: { status: 'approved' } });

  // Under the grant: the page decrypts, and the trail names the grant.
  await page.getByRole('button', { name: 'Decrypt', exact: true }).click();
  await expect(page.getByTestId('decrypted-value')).toHaveText(secretA);
  const audited = await db.query<{ outcome: string; detail: Record<string, unknown> }>(
    `select outcome, detail from audit_events where action = 'key.decrypted' and org_id = $1
     order by occurred_at desc, id desc limit 1`,
    [a.id],
  );
  expect(audited.rows[0]).toMatchObject({ outcome: 'success', detail: { grant_id: requestId } });

  // A grant for A does not open B.
  const other = await decrypt(cipherB);
  expect(other.result?.error?.code, other.text).toBe('forbidden');
  expect(other.result?.error?.message).toContain(b.id);

  // Expired (backdated): refused again.
  await db.query(
    `update access_requests set grant_expires_at = now() - interval '1 second' where id = $1`,
    [requestId],
  );
  expect((await decrypt(cipherA)).result?.error?.code).toBe('forbidden');

  // Turning the rule off again restores today's behaviour.
  await savePolicy({ keyDecryptNeedsApproval: false });
  expect((await decrypt(cipherB)).result?.ok).toBe(true);
  await page.context().close();
});
