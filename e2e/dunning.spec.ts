import { type Browser, expect, type Page, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { type Role, stateOf } from './roles';

/*
 * Issue 14, dunning, in the browser. The demo's Transports Martin SA (French) has a contract approved 40
 * days ago and never paid: due 10 days ago, so today is its reminder's day. An approver reads the dunning
 * overview, runs dunning for today (the reminder goes out, once: a second run sends nothing), the letter
 * waits in the outbox in French, the contract card says where the contract stands, and the policy
 * holder's portal lists the overdue item with the amount and the payment reference.
 */
test.describe.configure({ mode: 'serial' });

const YEAR = new Date().getUTCFullYear();
const CODE = `MARTIN-${YEAR}`;
const TODAY = new Date().toISOString().slice(0, 10);

async function as(browser: Browser, role: Role): Promise<Page> {
  const ctx = await browser.newContext({ storageState: stateOf(role) });
  return ctx.newPage();
}

async function runToday(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Run dunning for this day' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run dunning for this day' });
  await dialog.getByRole('button', { name: 'Run dunning for this day' }).click();
  await expect(dialog).toBeHidden();
  const status = page.getByRole('status').filter({ hasText: /^Dunning for/ });
  await expect(status).toBeVisible();
  return (await status.textContent()) ?? '';
}

test('the overview, a run for today (once), the French letter, the card and the portal', async ({
  browser,
}) => {
  const approver = await as(browser, 'approver');
  // The day is typed in the language's date picker (not a native date input) and lands in the URL.
  await open(approver, '/billing/dunning?asOf=2000-01-01');
  await expect(approver.getByRole('heading', { name: 'Dunning', exact: true })).toBeVisible();
  await fillDate(approver, 'Day', TODAY);
  await approver.getByRole('button', { name: 'Show this day' }).click();
  await expect(approver).toHaveURL(new RegExp(`asOf=${TODAY}`));
  const row = approver.getByRole('table', { name: 'Dunning' }).getByRole('row').filter({ hasText: CODE });
  await expect(row).toContainText('Transports Martin SA');
  await expect(row).toContainText('165.00');

  await runToday(approver);
  await expect(row).toContainText('1 · Reminder');
  await expect(row).toContainText(/Formal notice on/);
  await approver.screenshot({ path: 'docs/screenshots/dunning.png', fullPage: true });
  // The same day again: nothing is sent twice.
  expect(await runToday(approver)).toContain('0 letters');

  // The contract card says where it stands, with a link back.
  await row.getByRole('link', { name: CODE, exact: true }).click();
  await expect(approver.getByTestId('dunning-note')).toContainText('Dunning level 1 · Reminder');
  await expect(approver.getByTestId('dunning-note')).toContainText('165.00');

  // The letter, rendered in the policy holder's language, waits in the outbox.
  const admin = await as(browser, 'admin');
  await open(admin, `/admin/outbox?q=${CODE}`);
  const mail = admin.getByTestId('outbox-row').filter({ hasText: 'dunning.letter' });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText(`Rappel de paiement : contrat ${CODE}`);

  // The policy holder sees its overdue item and how to pay it.
  const ctx = await browser.newContext();
  const portal = await ctx.newPage();
  await open(portal, '/login');
  await portal.getByLabel('E-mail').fill('martin@demo.test');
  await portal.getByLabel('Password').fill('demo1234');
  await portal.getByRole('button', { name: 'Sign in' }).click();
  await expect(portal).toHaveURL(/\/portal/);
  await open(portal, '/portal/account');
  const overdue = portal.getByRole('region', { name: /Overdue items|Échéances impayées/ });
  await expect(overdue).toContainText(/165[.,]00/);
  await expect(overdue.getByRole('row').filter({ hasText: CODE })).toContainText('MARTIN-2026');
  await portal.screenshot({ path: 'docs/screenshots/dunning-portal.png', fullPage: true });
  await ctx.close();
});
