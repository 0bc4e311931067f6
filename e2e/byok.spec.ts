import type { Page } from '@playwright/test';
import { postAction } from './support/actions';
import { EMULATOR_URL, emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';

/** Reloads the page until it shows `text` once: what the console shows after its event sync. */
async function reloadUntilShown(page: Page, text: string | RegExp) {
  await expect
    .poll(async () => (await page.reload(), await page.getByText(text).count()), {
      timeout: 20_000,
    })
    .toBe(1);
}

/** An organization of this test's own, so key changes never disturb other specs. */
async function orgWithKey(state: 'verified' | 'failed' | 'deleted' | null, provider = 'AWS_KMS') {
  const org = await emulator.createOrg(
    `BYOK Test ${Date.now()} ${Math.random().toString(36).slice(2, 6)}`,
  );
  if (state) await emulator.setByok(org.id, 'verified', provider);
  const obj = await emulator.createObject(
    uniqueName('byok'),
    `byok-secret-${crypto.randomUUID()}`,
    { organization_id: org.id },
  );
  if (state && state !== 'verified') await emulator.setByok(org.id, state);
  return { org, obj };
}

test.describe('BYOK status', () => {
  test('an org whose BYOK events are all older than 30 days shows Unknown, and Test the customer key tells usable from deleted', async ({
    pageAs,
  }) => {
    const page = await pageAs('admin');
    for (const [name, usable] of [
      ['Margie', true],
      ['Coho', false],
    ] as const) {
      const org = await emulator.orgByName(name);
      await page.goto(`/orgs/${org.id}/byok`);
      await expect(
        page.getByText('Unknown: no BYOK events in the last 30 days').first(),
      ).toBeVisible();
      await expect(page.getByText('Not configured')).toHaveCount(0);
      await expect(page.getByText('Key unknown')).toBeVisible();
      await page.getByRole('button', { name: 'Test the customer key' }).click();
      const result = page.getByTestId('key-test-result');
      await expect(result).toContainText(usable ? 'Usable' : 'Unusable (HTTP 403)');
      await expect(result).toContainText('tested by admin@example.com');
      // The result is kept: a reload still shows who tested and what WorkOS answered.
      await page.reload();
      await expect(page.getByTestId('key-test-result')).toContainText(
        usable ? 'Usable' : 'Unusable (HTTP 403)',
      );
      await page.goto(`/audit?action=byok.key_tested&org=${org.id}`);
      await expect(
        page
          .getByRole('table', { name: 'Audit entries, newest first' })
          .getByText('byok.key_tested'),
      ).toBeVisible();
    }
    // Support may read the page but not run the test.
    const support = await pageAs('support');
    await support.goto(`/orgs/${(await emulator.orgByName('Coho')).id}/byok`);
    await expect(
      support.getByText('Testing the key needs the vault.byok:manage permission.'),
    ).toBeVisible();
  });

  test('the overview puts broken keys first and filters by state; support can read it', async ({
    pageAs,
  }) => {
    const page = await pageAs('support');
    await page.goto('/byok');
    const rows = page.getByRole('table', { name: 'BYOK state by organization' }).getByRole('row');
    await expect(rows.filter({ hasText: 'Tailspin Airlines' })).toContainText('Key deleted');
    await expect(rows.filter({ hasText: 'Adatum Health' })).toContainText('Verification failed');
    const names = await rows.locator('td:first-child').allInnerTexts();
    expect(names.indexOf('Tailspin Airlines')).toBeLessThan(
      names.indexOf('Contoso Pharmaceuticals'),
    );
    expect(names.indexOf('Adatum Health')).toBeLessThan(names.indexOf('Fabrikam Logistics'));
    await page.getByRole('link', { name: /^Verification failed/ }).click();
    await expect(page.getByRole('link', { name: 'Adatum Health' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Contoso Pharmaceuticals' })).toHaveCount(0);
  });

  test('an org page shows provider, state, history, coverage and what a deleted key means', async ({
    pageAs,
  }) => {
    const tailspin = await emulator.orgByName('Tailspin');
    const page = await pageAs('support');
    await page.goto(`/orgs/${tailspin.id}/byok`);
    await expect(
      page.getByText('Key deleted: 8 objects in this organization can no longer be read'),
    ).toBeVisible();
    await expect(page.getByText('2 older objects are still on WorkOS-managed keys')).toBeVisible();
    // Facts per key id from the index; BYOK events carry no key id, so the customer key is an estimate.
    const keys = page.getByRole('table', { name: 'Key ids' }).getByRole('row');
    await expect(keys.filter({ hasText: 'Estimate: probably the customer key' })).toHaveCount(1);
    await expect(keys.filter({ hasText: 'Estimate: probably the customer key' })).toContainText(
      '8',
    );
    await expect(page.getByText('The customer key (named by a BYOK event)')).toHaveCount(0);
    await expect(page.getByText('AWS KMS').first()).toBeVisible();
    const history = page.getByRole('table', { name: 'BYOK events' }).getByRole('row');
    await expect(history).toHaveCount(3);
    await expect(history.nth(1)).toContainText('Deleted');
    await expect(history.nth(2)).toContainText('Verified');
    await expect(
      page.getByText('Generating a setup link needs the vault.byok:manage permission.'),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /Generate BYOK setup link/ })).toHaveCount(0);
    const reply = await postAction(page.request, `/orgs/${tailspin.id}/byok`, 'generateByokLink', [
      { orgId: tailspin.id },
    ]);
    expect(reply.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('deleting a key while the console is open: reads fail clearly, metadata stays', async ({
    pageAs,
  }) => {
    const { org, obj } = await orgWithKey('verified');
    const page = await pageAs('admin');
    // The console explains a 403 from the BYOK events it has synced; until the "verified" event
    // is in, a refusal is (rightly) the generic one. Wait for what an admin would see first.
    await page.goto(`/orgs/${org.id}/byok`);
    await reloadUntilShown(page, 'BYOK · AWS KMS · Verified');
    await page.goto(`/objects/${obj.id}`);
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByTestId('revealed-value')).toBeVisible();
    await page.getByRole('button', { name: 'Hide now' }).click();

    await emulator.setByok(org.id, 'deleted');
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'Customer key unavailable' }),
    ).toBeVisible();
    await expect(page.getByText('Describe and version history still work')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Metadata' })).toBeVisible();
    await expect(
      page.getByRole('table', { name: /Version history/ }).getByText('Current'),
    ).toBeVisible();

    // Once the console has synced the event, the page says so before anyone clicks.
    await reloadUntilShown(page, /which was deleted\. Its value/);
    await page.goto(`/orgs/${org.id}/byok`);
    await expect(
      page.getByText('Key deleted: 1 object in this organization can no longer be read'),
    ).toBeVisible();
  });

  test('an admin generates a setup link; the customer completes it; the console shows the new key', async ({
    pageAs,
    browser,
  }) => {
    const { org } = await orgWithKey(null);
    const page = await pageAs('admin');
    await page.goto(`/orgs/${org.id}/byok`);
    await expect(
      page.getByRole('status').filter({ hasText: 'Unknown: no BYOK events in the last 30 days' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Generate BYOK setup link' }).click();
    const link = await page.getByTestId('portal-link').getAttribute('href');
    expect(link).toMatch(new RegExp(`^${EMULATOR_URL}/portal/byok/`));
    await expect(page.getByText(/links last 5 minutes and work once/)).toBeVisible();

    const it = await browser.newPage(); // the customer's IT admin, no console session
    await it.goto(link!);
    await expect(it.getByText(org.name)).toBeVisible();
    await it.getByLabel('Key provider').selectOption('AZURE_KEY_VAULT');
    await it.getByLabel(/Key identifier/).fill('https://example-kv.vault.azure.net/keys/vault/1');
    await it.getByRole('button', { name: 'Verify and save key' }).click();
    await expect(it.getByRole('heading', { name: 'Key verified' })).toBeVisible();
    await it.close();

    await reloadUntilShown(page, 'BYOK · Azure Key Vault · Verified');
    await page.goto(`/audit?action=portal.link_generated&org=${org.id}`);
    await expect(
      page
        .getByRole('table', { name: 'Audit entries, newest first' })
        .getByText('portal.link_generated'),
    ).toBeVisible();
  });

  test('a failed verification shows as such', async ({ pageAs }) => {
    const { org } = await orgWithKey('failed', 'GCP_KMS');
    const page = await pageAs('support');
    await expect
      .poll(
        async () => (
          await page.goto(`/orgs/${org.id}/byok`),
          await page.getByText(/Key verification failed: 1 object/).count()
        ),
        { timeout: 20_000 },
      )
      .toBe(1);
    await expect(page.getByText('BYOK · Google Cloud KMS · Verification failed')).toBeVisible();
  });
});
