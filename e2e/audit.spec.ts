import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';

test('the audit page filters by user, action and organization, and support can read it', async ({
  pageAs,
}) => {
  const obj = await freshObject();
  const admin = await pageAs('admin');
  await admin.goto(obj.path);
  await admin.getByLabel(/Reason \(optional/).fill('audit-filter-check');
  await admin.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(admin.getByTestId('revealed-value')).toBeVisible();

  const support = await pageAs('support');
  await support.goto('/audit');
  await support.getByLabel('User email').fill('admin@');
  await support.getByLabel('Action').selectOption('object.revealed');
  await support.getByLabel('Organization id').fill(obj.orgId);
  await support.getByRole('button', { name: 'Filter' }).click();
  const row = support.getByRole('row', { name: /audit-filter-check/ });
  await expect(row).toContainText('admin@example.com');
  await expect(row).toContainText('object.revealed');
  await expect(row.getByRole('link', { name: obj.name })).toBeVisible();
  await support.getByLabel('Action').selectOption('object.deleted');
  await support.getByRole('button', { name: 'Filter' }).click();
  await expect(support.getByRole('row', { name: /audit-filter-check/ })).toHaveCount(0);
});
