import { expect, test as setup } from '@playwright/test';
import { ROLES, storageStatePath, type Role } from './support/roles';
import { signInThroughLoginPage } from './support/sign-in';

for (const role of Object.keys(ROLES) as Role[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signInThroughLoginPage(page, ROLES[role], { returnTo: '/orgs' });
    if (role === 'member')
      await expect(page.getByText('You don’t have access to the Vault Console')).toBeVisible();
    else await expect(page.getByRole('heading', { name: 'Organizations' })).toBeVisible();
    await page.context().storageState({ path: storageStatePath(role) });
  });
}
