import { expect, test as setup } from '@playwright/test';
import { open } from './ready';
import { emailOf, isPortalRole, PASSWORD, ROLES, stateOf } from './roles';

// Signs in once per demo role through the real sign-in page and keeps the session for the journeys.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await open(page, '/login');
    await page.getByLabel('E-mail').fill(emailOf(role));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(isPortalRole(role) ? /\/portal$/ : /\/dashboard$/);
    await page.context().storageState({ path: stateOf(role) });
  });
}
