import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { signInThroughLoginPage } from './support/sign-in';
import { EMULATOR_URL } from './support/ports';
import { STALE_SIGN_IN_SECONDS } from './support/console-process';

test.describe('reveal and copy', () => {
  test('reveal on click, with a reason recorded in the console trail and in WorkOS Audit Logs', async ({
    pageAs,
  }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.goto(obj.path);
    await expect(page.getByLabel('Value hidden')).toBeVisible();
    expect(await page.content()).not.toContain(obj.value);
    await page.getByLabel(/Reason \(optional/).fill('INC-77 customer escalation');
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByTestId('revealed-value')).toHaveText(obj.value);

    await page.goto(`/audit?action=object.revealed&user=admin`);
    const row = page.getByRole('row', { name: new RegExp(obj.name.replace(/[/]/g, '\\/')) });
    await expect(row).toContainText('INC-77 customer escalation');
    // The WorkOS event leaves the outbox after the response (after()): it arrives shortly.
    await expect
      .poll(async () => {
        const logs = await emulator.auditLogs(obj.orgId);
        return logs.data.find(
          (e) => e.action === 'vault.object.revealed' && e.targets.some((t) => t.id === obj.id),
        )?.metadata;
      })
      .toMatchObject({ reason: 'INC-77 customer escalation' });
  });

  test('re-masks after the time limit', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.clock.install();
    await page.goto(obj.path);
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByTestId('revealed-value')).toHaveText(obj.value);
    await page.clock.fastForward(20_000);
    await expect(page.getByTestId('revealed-value')).toBeVisible();
    await page.clock.fastForward(11_000);
    await expect(page.getByTestId('revealed-value')).toHaveCount(0);
    await expect(page.getByText('Hidden again after the time limit.')).toBeVisible();
  });

  test('re-masks when the person navigates away and back', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.goto(obj.path);
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByTestId('revealed-value')).toBeVisible();
    await page.getByRole('link', { name: 'Organizations' }).first().click();
    await expect(page.getByRole('heading', { name: 'Organizations' })).toBeVisible();
    await page.goBack();
    await expect(page.getByLabel('Value hidden')).toBeVisible();
    expect(await page.content()).not.toContain(obj.value);
  });

  test('copy puts the value on the clipboard without showing it', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(obj.path);
    await page.getByRole('button', { name: 'Copy without showing' }).click();
    await expect(page.getByText(/Copied to the clipboard without showing it/)).toBeVisible();
    // The console's Permissions-Policy forbids clipboard-read, so read it from another origin.
    const reader = await page.context().newPage();
    await reader.goto(`${EMULATOR_URL}/_emulator/health`);
    await page.context().grantPermissions(['clipboard-read'], { origin: EMULATOR_URL });
    await reader.bringToFront();
    expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(obj.value);
    await page.bringToFront();
    await expect(page.getByTestId('revealed-value')).toHaveCount(0);
    expect(await page.content()).not.toContain(obj.value);
    await page.goto('/audit?action=object.copied');
    await expect(page.getByRole('link', { name: obj.name })).toBeVisible();
  });

  test('a stale sign-in is asked to sign in again: AuthKit really shows its login page (max_age), then the value shows', async ({
    page,
  }) => {
    const obj = await freshObject();
    await emulator.backdateNextLogin('admin@example.com', STALE_SIGN_IN_SECONDS);
    await signInThroughLoginPage(page, 'admin@example.com', { returnTo: obj.path });
    await expect(page.getByRole('heading', { name: obj.name })).toBeVisible();
    // The first sign-in left a live AuthKit session at the emulator's origin (with the old
    // auth_time); only max_age on the re-authentication makes AuthKit ask again.
    const authorizes: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${EMULATOR_URL}/user_management/authorize?`))
        authorizes.push(r.url());
    });
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByText('Sign in again to continue')).toBeVisible();
    await expect(
      page.getByText(new RegExp(`yours was ${STALE_SIGN_IN_SECONDS / 60} minutes ago`)),
    ).toBeVisible();
    await page.getByRole('link', { name: 'Sign in again' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(new URL(authorizes[0]!).searchParams.get('max_age')).toBe('0');
    await page.getByRole('button', { name: /admin@example\.com/ }).click();
    await expect(page).toHaveURL(new RegExp(`${obj.path}$`));
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByTestId('revealed-value')).toHaveText(obj.value);
    // Nothing looped: one trip to AuthKit for the one re-authentication.
    expect(authorizes).toHaveLength(1);
  });
});
