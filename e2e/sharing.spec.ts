import { randomBytes } from 'node:crypto';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { open } from './ready';
import { type Role, stateOf } from './roles';

/*
 * Issue 16, sharing: staff create a share link on a contract card; someone without any account opens
 * it at /share/<token> and sees the contract summary and nothing else; the link expires (a real minute
 * passes) and a revoked one stops at once, each with a page that says so. The staff list shows every
 * access. Files on comments: a comment posted with a file shows it in the thread.
 */
test.describe.configure({ mode: 'serial' });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/artifacts/screens/${name}.png`, fullPage: true });

async function as(browser: Browser, role: Role | null): Promise<Page> {
  const ctx = await browser.newContext(role ? { storageState: stateOf(role), acceptDownloads: true } : {});
  return ctx.newPage();
}

let cardPath = '';
let shortLink = '';
let createdAt = 0;

async function createLink(page: Page, validFor: string, unit: 'minutes' | 'days'): Promise<string> {
  await page.getByLabel('Valid for').fill(validFor);
  await page.getByLabel('Unit').click();
  await page.getByRole('option', { name: unit }).click();
  await page.getByRole('button', { name: 'Create share link' }).click();
  const field = page.getByLabel('Share link', { exact: true });
  await expect(field).toHaveValue(/\/share\/[A-Za-z0-9_-]{43}$/);
  return new URL(await field.inputValue()).pathname;
}

test('staff create a share link that works for someone without an account', async ({ browser }) => {
  const staff = await as(browser, 'editor');
  await open(staff, '/contracts?code=ACME');
  await staff
    .getByRole('link', { name: /^ACME-/ })
    .first()
    .click();
  await expect(staff).toHaveURL(/\/contracts\/[0-9a-f-]{36}/);
  cardPath = new URL(staff.url()).pathname;
  await open(staff, `${cardPath}?tab=sharing`);
  await expect(staff.getByRole('heading', { name: 'Share links' })).toBeVisible();
  shortLink = await createLink(staff, '1', 'minutes');
  createdAt = Date.now();
  await shot(staff, 'sharing-staff');

  const visitor = await as(browser, null);
  await open(visitor, shortLink);
  await expect(visitor.getByRole('heading', { name: /^Contract ACME-/ })).toBeVisible();
  await expect(visitor.getByText('Policy holder', { exact: true })).toBeVisible();
  await expect(visitor.getByText(/Shared by your insurer through Pactum/)).toBeVisible();
  // Read-only and nothing internal: no navigation, no comment, no history, no staff name.
  await expect(visitor.getByRole('navigation')).toHaveCount(0);
  await expect(visitor.getByText('Eddie Editor')).toHaveCount(0);
  await shot(visitor, 'sharing-visitor');
  // The token opens this page only: the back office still sends a visitor to sign in.
  await visitor.goto(cardPath);
  await expect(visitor).toHaveURL(/\/login/);
  const file = await visitor.request.get(`${shortLink}/file`);
  expect(file.status()).toBe(404);
  const unknown = await as(browser, null);
  await open(unknown, `/share/${randomBytes(32).toString('base64url')}`);
  await expect(unknown.getByText(/This link does not exist/)).toBeVisible();
});

test('a revoked link stops at once and says so', async ({ browser }) => {
  const staff = await as(browser, 'editor');
  await open(staff, `${cardPath}?tab=sharing`);
  const link = await createLink(staff, '7', 'days');
  const visitor = await as(browser, null);
  await open(visitor, link);
  await expect(visitor.getByRole('heading', { name: /^Contract ACME-/ })).toBeVisible();

  await staff.reload();
  const row = staff.getByTestId('share-link-row').first();
  await expect(row).toContainText('Active');
  await expect(row).toContainText('viewed');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await staff.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(staff.getByText('Share link revoked.')).toBeVisible();
  await expect(staff.getByTestId('share-link-row').first()).toContainText('Revoked');

  await visitor.reload();
  await expect(visitor.getByText(/This link was revoked/)).toBeVisible();
  await expect(visitor.getByText('Policy holder', { exact: true })).toHaveCount(0);
  await shot(visitor, 'sharing-revoked');
});

test('a link expires: after its minute it shows a clear page', async ({ browser }) => {
  test.setTimeout(150_000);
  const wait = createdAt + 62_000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const visitor = await as(browser, null);
  await open(visitor, shortLink);
  await expect(visitor.getByText(/This link has expired/)).toBeVisible();
  await expect(visitor.getByText('Policy holder', { exact: true })).toHaveCount(0);
  await shot(visitor, 'sharing-expired');

  const staff = await as(browser, 'editor');
  await open(staff, `${cardPath}?tab=sharing`);
  const row = staff.getByTestId('share-link-row').filter({ hasText: 'Expired' }).first();
  await expect(row).toContainText('tried after expiry');
});

test('a comment posted with a file shows the file in the thread', async ({ browser }) => {
  const staff = await as(browser, 'editor');
  await open(staff, `${cardPath}?tab=comments`);
  await staff.getByLabel('New comment').fill('The signed page, attached.');
  await staff.getByLabel('Attach files').setInputFiles({
    name: 'page.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.4\n% ${randomBytes(8).toString('hex')}\ntrailer <<>>\n%%EOF\n`),
  });
  await staff.getByRole('button', { name: 'Post comment' }).click();
  const comment = staff.getByTestId('comment').filter({ hasText: 'The signed page, attached.' });
  await expect(comment.getByRole('list', { name: 'Attached files' })).toContainText('page.pdf');
  const portal = await as(browser, 'portal');
  await open(portal, `/portal${cardPath}?tab=comments`);
  await expect(portal.getByTestId('comment').filter({ hasText: 'The signed page, attached.' })).toContainText(
    'page.pdf',
  );
});
