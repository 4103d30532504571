import { expect, type Page, type Request, test } from '@playwright/test';
import { open } from './ready';
import { stateOf } from './roles';

/** Every request the page sends, to prove that no password ever travels in a URL. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  return requests;
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

let contractPath = '';

test.beforeAll(async ({ browser }) => {
  // A real contract card to deep-link to, found as a signed-in viewer.
  // (A hook runs with the first test's options: this one needs JavaScript whatever that test says.)
  const context = await browser.newContext({ storageState: stateOf('viewer'), javaScriptEnabled: true });
  const page = await context.newPage();
  await open(page, '/contracts');
  await page
    .getByRole('link', { name: /^DUPONT-/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/contracts\/[0-9a-f-]{36}$/);
  contractPath = new URL(page.url()).pathname;
  await context.close();
});

test.describe('sign-in without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('posts the form (never the password in a URL) and leads back to the deep link', async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto(contractPath);
    await expect(page).toHaveURL(`/login?callbackUrl=${encodeURIComponent(contractPath)}`);
    await signIn(page, 'viewer@demo.test', 'demo1234');
    await expect(page).toHaveURL(contractPath);
    await expect(page.getByRole('heading', { name: /^Contract DUPONT-/ })).toBeVisible();
    const login = requests.filter((r) => new URL(r.url()).pathname === '/login' && r.method() === 'POST');
    expect(login).toHaveLength(1);
    expect(requests.filter((r) => r.url().includes('demo1234'))).toEqual([]);
  });

  test('answers a wrong password with the one generic message, still by POST', async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto('/login');
    await signIn(page, 'editor@demo.test', 'not-the-password');
    await expect(page.getByRole('alert')).toHaveText(
      'Wrong e-mail or password, or too many attempts: check them, or wait a few minutes and try again.',
    );
    await expect(page).toHaveURL('/login');
    expect(requests.filter((r) => r.url().includes('not-the-password'))).toEqual([]);
  });

  test('never follows a callback to another origin', async ({ page }) => {
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      await page.context().clearCookies();
      await page.goto(`/login?callbackUrl=${encodeURIComponent(evil)}`);
      await signIn(page, 'editor@demo.test', 'demo1234');
      await expect(page).toHaveURL('/dashboard');
    }
  });
});

test.describe('sessions', () => {
  test('sign-out ends the session on the server: the old cookie no longer works', async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await open(page, '/login');
    await signIn(page, 'approver@demo.test', 'demo1234');
    await expect(page).toHaveURL('/dashboard');
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toContain('next-auth.session-token');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);

    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const again = await replay.newPage();
    await again.goto('/contracts');
    await expect(again).toHaveURL('/login?callbackUrl=%2Fcontracts');
    await replay.close();
    await context.close();
  });

  test('a reset link that is not valid says so', async ({ page }) => {
    await open(page, '/reset-password/not-a-real-link-0123456789abcdef');
    await expect(page.getByText('This link is invalid, already used or expired.')).toBeVisible();
  });
});
