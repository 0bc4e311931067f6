import { expect, test } from './support/fixtures';
import { signInThroughLoginPage } from './support/sign-in';
import { EMULATOR_URL } from './support/ports';

test.describe('access', () => {
  test('an anonymous visitor is sent to AuthKit sign-in, then back to the page they wanted', async ({
    page,
  }) => {
    await page.goto('/orgs?q=contoso');
    await expect(page).toHaveURL(new RegExp(`${EMULATOR_URL}/user_management/authorize`));
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByRole('button', { name: /support@example\.com/ }).click();
    await expect(page).toHaveURL(/\/orgs\?q=contoso$/);
    await expect(page.getByRole('link', { name: 'Contoso Pharmaceuticals' })).toBeVisible();
  });

  test('route handlers answer 401 JSON, not a page, without a session', async ({ request }) => {
    const res = await request.get('/api/index/status', { maxRedirects: 0 });
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  test('sign in and sign out: the session ends and its refresh token is revoked', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await signInThroughLoginPage(page, 'support@example.com', { returnTo: '/orgs' });
    await expect(page.getByText('support@example.com · Support')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'wos-session')).toBeUndefined();
    await page.goto('/orgs');
    await expect(page).toHaveURL(/user_management\/authorize/);
    expect(errors).toEqual([]);
  });

  test('a page rendered ahead for one person is never what the next person in the same tab sees', async ({
    page,
  }) => {
    await signInThroughLoginPage(page, 'admin@example.com', { returnTo: '/orgs' });
    // Organization links render their page ahead on hover (components/ui/warm-link.tsx).
    const warmed = page.waitForResponse(
      (r) => /\/orgs\/org_/.test(r.url()) && r.request().headers()['rsc'] === '1',
    );
    await page.getByRole('link', { name: 'Northwind', exact: false }).first().hover();
    const ahead = await warmed;
    expect(ahead.status()).toBe(200);
    expect(ahead.headers()['cache-control']).toContain('no-store');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
    await signInThroughLoginPage(page, 'support@example.com', { returnTo: '/orgs' });
    await page.getByRole('link', { name: 'Northwind', exact: false }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: /Northwind/ })).toBeVisible();
    await expect(page.getByText('support@example.com · Support')).toBeVisible();
    await expect(page.getByText('admin@example.com')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Create object' })).toHaveCount(0);
  });

  test('a member with no console role sees who they are, why, and a sign-out button', async ({
    pageAs,
  }) => {
    const page = await pageAs('member');
    const res = await page.goto('/orgs');
    await expect(
      page.getByRole('heading', { name: 'You don’t have access to the Vault Console' }),
    ).toBeVisible();
    await expect(page.getByText('member@example.com')).toBeVisible();
    await expect(page.getByText(/Your role has no console permissions/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    expect(res?.status()).toBe(403);
    const object = await page.goto('/objects/secret_00000000000000000000000000000000');
    expect(object?.status()).toBe(403); // the no-access page, never the object
    await expect(page.getByText('You don’t have access to the Vault Console')).toBeVisible();
    const api = await page.request.get('/api/index/status');
    expect(api.status()).toBe(403);
  });

  test('an admin role held in a customer organization grants nothing; switching to the staff org does', async ({
    page,
  }) => {
    await signInThroughLoginPage(page, 'oncall@example.com', {
      returnTo: '/orgs',
      organization: 'Northwind Traders',
    });
    await expect(
      page.getByRole('heading', { name: 'You don’t have access to the Vault Console' }),
    ).toBeVisible();
    await expect(
      page.getByText(/a role held in a customer organization does not count/),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Switch to Ledgerline Staff' }).click();
    await expect(page.getByRole('heading', { name: 'Organizations' })).toBeVisible();
    await expect(page.getByText('oncall@example.com · Admin')).toBeVisible();
  });
});
