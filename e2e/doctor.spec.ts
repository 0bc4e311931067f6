import { expect, test } from './support/fixtures';

test('an admin runs the health checks and they pass; support cannot open the page', async ({
  pageAs,
}) => {
  const page = await pageAs('admin');
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Run health checks' }).click();
  await page.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.getByText('All checks passed.')).toBeVisible({ timeout: 20_000 });
  await expect(
    page.getByText(
      'Created, read, updated, refused a stale update (409), deleted; nothing left behind.',
    ),
  ).toBeVisible();
  await expect(page.getByText(/Tailspin Airlines \(AWS_KMS: deleted\)/)).toBeVisible();
  const support = await pageAs('support');
  expect((await support.goto('/settings/health'))?.status()).toBe(403);
});
