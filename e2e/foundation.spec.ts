import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { type Role, stateOf } from './roles';

const as = (role: Role) => ({ storageState: stateOf(role) });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/artifacts/screens/${name}.png`, fullPage: true });

test.describe('sign-in', () => {
  test('refuses a wrong password with a clear message, and the page has no serious a11y issue', async ({
    page,
  }) => {
    await open(page, '/login');
    await page.getByLabel('E-mail').fill('editor@demo.test');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /\w/ })).toHaveText(
      'Wrong e-mail or password, or too many attempts: check them, or wait a few minutes and try again.',
    );
    await expect(page).toHaveURL(/\/login/);
    await shot(page, 'login-error');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  test('sends anonymous visitors to the sign-in page', async ({ page }) => {
    await open(page, '/policy-holders');
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe('editor', () => {
  test.use(as('editor'));

  test('browses policy holders, searches, and opens a card with its insurees', async ({ page }) => {
    await open(page, '/policy-holders');
    // The demo's three, and those earlier journeys created (the census one adds its own employer).
    await expect(page.getByText(/\d+ policy holders found/)).toBeVisible();
    await page.getByLabel('Code or name').fill('dupont');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=dupont/);
    await expect(page.getByText('1 policy holder found')).toBeVisible();
    await shot(page, 'policy-holder-search');
    await page.getByRole('link', { name: 'PH-DUPONT' }).click();
    await expect(page.getByRole('heading', { name: 'Boulangerie Dupont SARL' })).toBeVisible();
    await expect(page.getByLabel('Language')).toHaveText('French');
    await expect(page.getByRole('table', { name: 'Insurees' }).getByRole('row')).toHaveCount(5);
    await shot(page, 'policy-holder-card');
  });

  test('creates a policy holder, sees validation beside the fields, adds a bundle and a new insuree', async ({
    page,
  }) => {
    await open(page, '/policy-holders');
    await page.getByRole('link', { name: 'Add policy holder' }).click();
    await expect(page.getByRole('heading', { name: 'New policy holder' })).toBeVisible();
    await page.getByLabel('Code', { exact: true }).fill('bad code!');
    await page.getByLabel('E-mail').fill('nope');
    await page.getByRole('button', { name: 'Create policy holder' }).click();
    await expect(page.getByText('Code may only contain letters')).toBeVisible();
    await expect(page.getByText('Trade name is required.')).toBeVisible();
    await expect(page.getByText('E-mail must be a valid e-mail address.')).toBeVisible();
    await shot(page, 'policy-holder-validation');

    await page.getByLabel('Code', { exact: true }).fill('PH-E2E');
    await page.getByLabel('Trade name').fill('E2E Widgets Ltd');
    await page.getByLabel('E-mail').fill('hr@widgets.test');
    await page.getByRole('button', { name: 'Create policy holder' }).click();
    await expect(page.getByRole('heading', { name: 'E2E Widgets Ltd' })).toBeVisible();

    // The same code again is refused by the server with the reason beside the field.
    await open(page, '/policy-holders/new');
    await page.getByLabel('Code', { exact: true }).fill('PH-E2E');
    await page.getByLabel('Trade name').fill('Copycat');
    await page.getByRole('button', { name: 'Create policy holder' }).click();
    await expect(page.getByText('This code is already used by another policy holder.').first()).toBeVisible();
    await page.goBack();

    await open(page, '/policy-holders?q=PH-E2E');
    await page.getByRole('link', { name: 'PH-E2E' }).click();
    await page.getByRole('tab', { name: /Bundles/ }).click();
    await page.getByLabel('Bundle to make available').click();
    await page.getByRole('option', { name: /CPB-STD/ }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(
      page.getByRole('table', { name: 'Contribution plan bundles' }).getByText('CPB-STD'),
    ).toBeVisible();

    await page.getByRole('tab', { name: /Insurees/ }).click();
    await page.getByRole('button', { name: 'Add insuree' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add insuree' });
    await dialog.getByRole('button', { name: 'New person' }).click();
    await dialog.getByLabel('Insurance number').fill('E2E-0001');
    await dialog.getByLabel('First name').fill('Nora');
    await dialog.getByLabel('Last name').fill('Quinn');
    await fillDate(dialog, 'Date of birth', '1991-02-03');
    await dialog.getByLabel('Gender').click();
    await page.getByRole('option', { name: 'Female' }).click();
    await dialog.getByLabel('Income').fill('12.345');
    await dialog.getByRole('button', { name: 'Add insuree' }).click();
    await expect(dialog.getByText('Income must be a positive number with at most 2 decimals.')).toBeVisible();
    await dialog.getByLabel('Income').fill('820.00');
    await dialog.getByRole('button', { name: 'Add insuree' }).click();
    await expect(dialog).toBeHidden();
    const table = page.getByRole('table', { name: 'Insurees' });
    await expect(table.getByRole('row', { name: /E2E-0001.*Quinn Nora.*income: 820.00/ })).toBeVisible();
    await shot(page, 'policy-holder-insuree-added');
  });
});

test.describe('viewer', () => {
  test.use(as('viewer'));

  test('sees policy holders read-only: no add, save, edit or delete buttons', async ({ page }) => {
    await open(page, '/policy-holders');
    await expect(page.getByText('policy holders found')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Add policy holder' })).toHaveCount(0);
    await page.getByRole('link', { name: 'PH-ACME' }).click();
    await expect(page.getByRole('heading', { name: 'Acme Logistics Ltd' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Save|Delete|Add insuree|Edit|Remove/ })).toHaveCount(0);
    await shot(page, 'viewer-card');
  });

  test('is refused the create page by the server', async ({ page }) => {
    await open(page, '/policy-holders/new');
    await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  });
});

test.describe('approver and admin', () => {
  test('approver reads policy holders without write buttons', async ({ browser }) => {
    const ctx = await browser.newContext(as('approver'));
    const page = await ctx.newPage();
    await open(page, '/policy-holders');
    await expect(page.getByTestId('current-user')).toHaveText('Alice Approver');
    await expect(page.getByRole('link', { name: 'Add policy holder' })).toHaveCount(0);
    await ctx.close();
  });

  test('admin can open the create page', async ({ browser }) => {
    const ctx = await browser.newContext(as('admin'));
    const page = await ctx.newPage();
    await open(page, '/policy-holders/new');
    await expect(page.getByRole('heading', { name: 'New policy holder' })).toBeVisible();
    await ctx.close();
  });
});

test.describe('portal user', () => {
  test.use(as('portal'));

  test('lands in the portal and sees only its own policy holder', async ({ page }) => {
    await open(page, '/');
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByTestId('acting-for')).toHaveText('Acme Logistics Ltd');
    await expect(page.getByRole('link', { name: /^ACME-/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /^(DUPONT|GREEN)-/ })).toHaveCount(0);
    await expect(page.getByText('Boulangerie Dupont SARL')).toHaveCount(0);
    await shot(page, 'portal-home-single');
  });

  test('is refused staff pages', async ({ page }) => {
    for (const path of ['/policy-holders', '/policy-holders/new']) {
      await open(page, path);
      await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
    }
  });

  test('signs out', async ({ browser }) => {
    // A session of its own: sign-out ends the session on the server, so signing out the shared
    // storage state would sign out every later portal journey too.
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await open(page, '/login');
    await page.getByLabel('E-mail').fill('portal@demo.test');
    await page.getByLabel('Password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/portal$/);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await open(page, '/portal');
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  });
});

test.describe('staff user on the portal', () => {
  test.use(as('editor'));
  test('is refused portal pages', async ({ page }) => {
    await open(page, '/portal');
    await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  });
});

test.describe('language', () => {
  test.use(as('viewer'));
  test('the French UI shows French labels, state names, dates and amounts', async ({ page }) => {
    await open(page, '/contracts');
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { name: 'Contrats' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    const table = page.getByRole('grid', { name: 'Contrats' });
    await expect(table.getByText('En négociation')).toBeVisible();
    await expect(table.getByText('En cours').first()).toBeVisible();
    await expect(table.getByText('263,52')).toBeVisible();
    await expect(table.getByText(/^01\/01\/\d{4}$/).first()).toBeVisible();
    await page.getByRole('link', { name: /^ACME-/ }).click();
    await expect(page.getByRole('tab', { name: 'Personnes couvertes' })).toBeVisible();
    await shot(page, 'contract-card-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('tab', { name: 'Persons covered' })).toBeVisible();
  });
});

test.describe('language of messages', () => {
  test.use(as('editor'));
  test('validation and server refusals read in French too', async ({ page, baseURL }) => {
    await page.context().addCookies([{ name: 'pactum-lang', value: 'fr', url: baseURL! }]);
    await open(page, '/contracts/new');
    await page.getByRole('button', { name: 'Créer le contrat' }).click();
    await expect(page.getByText('« Code » est obligatoire.')).toBeVisible();
    // A refusal only the server decides (no policy holder yet) comes back in French as well.
    await page.getByLabel('Code').fill(`FR-${Date.now().toString(36).toUpperCase()}`);
    await fillDate(page, 'Valide du', '2030-01-01', 'fr');
    await fillDate(page, 'Valide au', '2030-12-31', 'fr');
    await page.getByRole('button', { name: 'Créer le contrat' }).click();
    await page
      .getByRole('toolbar', { name: 'Actions du contrat' })
      .getByRole('button', { name: 'Soumettre' })
      .click();
    await page.getByRole('dialog', { name: 'Soumettre' }).getByRole('button', { name: 'Soumettre' }).click();
    await expect(
      page.getByText('Le contrat n’a pas de souscripteur ; indiquez-le avant de soumettre.'),
    ).toBeVisible();
    await shot(page, 'validation-fr');
  });
});

test.describe('administration', () => {
  test('an admin manages users; others are refused the page', async ({ browser }) => {
    const admin = await (await browser.newContext(as('admin'))).newPage();
    await open(admin, '/admin/users');
    await expect(admin.getByRole('heading', { name: 'Users' })).toBeVisible();
    await admin.getByRole('button', { name: 'Add user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('E-mail').fill('new.viewer@demo.test');
    await dialog.getByLabel('Name').fill('Nina Newcomer');
    await dialog.getByLabel('Initial password').fill('short');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await expect(dialog.getByText('The password must have at least 10 characters.')).toBeVisible();
    await dialog.getByLabel('Initial password').fill('welcome-2026');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await expect(dialog).toBeHidden();
    await expect(admin.getByRole('row', { name: /new.viewer@demo.test/ })).toBeVisible();
    await shot(admin, 'admin-users');
    await admin.context().close();

    const editor = await (await browser.newContext(as('editor'))).newPage();
    await open(editor, '/admin/users');
    await expect(editor.getByRole('heading', { name: 'Access denied' })).toBeVisible();
    await expect(editor.getByRole('link', { name: 'Admin' })).toHaveCount(0);
    await editor.context().close();
  });
});
