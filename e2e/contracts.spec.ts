import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { type Role, stateOf } from './roles';

/*
 * The contract journey of the staff app, in order: the editor drafts and submits, the approver counters,
 * the editor fixes and resubmits, the approver approves from the search's bulk menu and records the
 * payment, the editor amends; a viewer only reads.
 */
test.describe.configure({ mode: 'serial' });

/**
 * Next year: after the demo contracts of this year, so no overlap with them, whatever today is. A retry of
 * this serial group drafts the next year again, so that it does not collide with its own first attempt
 * (the same employees covered twice over one period is refused at Submit, rightly).
 */
const nextYear = () => new Date().getUTCFullYear() + 1 + test.info().retry;
const CODE = `E2E-${Date.now().toString(36).toUpperCase()}`;
let contractUrl = '';

async function as(browser: Browser, role: Role): Promise<Page> {
  const ctx = await browser.newContext({ storageState: stateOf(role) });
  return ctx.newPage();
}
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/artifacts/screens/${name}.png`, fullPage: true });

async function confirmAction(page: Page, action: string, comment?: string) {
  await page
    .getByRole('toolbar', { name: 'Contract actions' })
    .getByRole('button', { name: action, exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: action });
  if (comment) await dialog.getByLabel(/Comment|Reason/).fill(comment);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('editor drafts a contract for a policy holder, edits its insured persons and submits it', async ({
  browser,
}) => {
  const page = await as(browser, 'editor');
  await open(page, '/policy-holders');
  await page.getByRole('link', { name: 'PH-GREEN' }).click();
  await page.getByRole('tab', { name: 'Contracts' }).click();
  await page.getByRole('link', { name: 'Add contract' }).click();
  await expect(page.getByRole('heading', { name: 'New contract' })).toBeVisible();
  await expect(page.getByLabel('Policy holder')).toHaveValue(/PH-GREEN/);
  const year = nextYear();
  await page.getByLabel('Code').fill(CODE);
  await fillDate(page, 'Valid from', `${year}-01-01`);
  await fillDate(page, 'Valid to', `${year - 1}-12-31`);
  await page.getByRole('button', { name: 'Create contract' }).click();
  await expect(page.getByText('Valid to must be on or after valid from.')).toBeVisible();
  await fillDate(page, 'Valid to', `${year}-12-31`);
  await page.getByRole('button', { name: 'Create contract' }).click();

  await expect(page.getByRole('heading', { name: `Contract ${CODE}` })).toBeVisible();
  contractUrl = page.url();
  await expect(page.getByLabel('State')).toHaveValue('Draft');
  const details = page.getByRole('table', { name: 'Contract details' });
  await expect(details.getByRole('row')).toHaveCount(5); // header + the 4 Greenfield employees

  // Remove one person, add them back, and change an income.
  await details.getByRole('button', { name: /^Remove Patel/ }).click();
  await page
    .getByRole('dialog', { name: 'Remove insured person' })
    .getByRole('button', { name: 'Remove' })
    .click();
  await expect(details.getByRole('row')).toHaveCount(4);
  await page.getByRole('button', { name: 'Add insured person' }).click();
  const add = page.getByRole('dialog', { name: 'Add insured person' });
  await add.getByLabel('Insuree').click();
  await page.getByRole('option', { name: /Patel Ravi/ }).click();
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(add).toBeHidden();
  await expect(details.getByRole('row')).toHaveCount(5);
  await details.getByRole('button', { name: /^Edit Kim/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit insured person' });
  await edit.getByLabel('Income').fill('12,5');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByText(/Income must be a positive number/)).toBeVisible();
  await edit.getByLabel('Income').fill('900.00');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(details.getByRole('row', { name: /Kim Jisoo.*income: 900.00/ })).toBeVisible();
  await shot(page, 'contract-draft');

  await confirmAction(page, 'Submit');
  await expect(page.getByLabel('State')).toHaveValue('Negotiable');
  await page.context().close();
});

test('approver counters with a comment; the editor fixes and resubmits', async ({ browser }) => {
  const approver = await as(browser, 'approver');
  await open(approver, contractUrl);
  await confirmAction(approver, 'Counter', 'Please check the income of Mr Kim');
  await expect(approver.getByLabel('State')).toHaveValue('Counter');
  await expect(approver.getByText('Please check the income of Mr Kim')).toBeVisible();
  await approver.context().close();

  const editor = await as(browser, 'editor');
  await open(editor, contractUrl);
  const details = editor.getByRole('table', { name: 'Contract details' });
  await details.getByRole('button', { name: /^Edit Kim/ }).click();
  const edit = editor.getByRole('dialog', { name: 'Edit insured person' });
  await edit.getByLabel('Income').fill('950.00');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await confirmAction(editor, 'Submit');
  await expect(editor.getByLabel('State')).toHaveValue('Negotiable');
  await editor.context().close();
});

test('approver approves from the search bulk menu, sees contributions and the payment, records the receipt', async ({
  browser,
}) => {
  const page = await as(browser, 'approver');
  await open(page, `/contracts?code=${CODE}`);
  await expect(page.getByRole('status').filter({ hasText: '1 contract found' })).toBeVisible();
  await shot(page, 'contract-search');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  await page.getByRole('checkbox', { name: `Select ${CODE}` }).check();
  await page.getByRole('button', { name: 'Bulk actions' }).click();
  await page.getByRole('menuitem', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve' });
  await expect(dialog).toContainText('1 selected contract (1 eligible)');
  await dialog.getByRole('button', { name: 'Approve 1' }).click();
  // A run with nothing refused closes its dialog and says so in the snackbar.
  await expect(page.getByTestId('feedback')).toHaveText('Approve: done for 1 contract.');
  await expect(dialog).toBeHidden();

  await page.getByRole('link', { name: CODE, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Contract ${CODE}` })).toBeVisible();
  await expect(page.getByLabel('State')).toHaveValue('Executable');
  await page.getByRole('tab', { name: 'Contribution details' }).click();
  await expect(
    page.getByRole('table', { name: 'Contribution details' }).getByText(/Total \(\d+ lines\)/),
  ).toBeVisible();
  await shot(page, 'contract-contributions');
  const axeCard = await new AxeBuilder({ page }).analyze();
  expect(axeCard.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  await page.getByRole('tab', { name: 'Payments' }).click();
  // The payment request is the installment schedule; the form proposes what is open.
  await expect(page.getByRole('table', { name: 'Installments' })).toContainText('to pay before cover');
  await expect(page.getByText(/· paid 0\.00.* · open [1-9]/)).toBeVisible();
  const receipt = page.getByRole('form', { name: 'Record a receipt' });
  await receipt.getByLabel('Receipt number').fill(`${CODE}-R1`);
  await receipt.getByRole('button', { name: 'Record receipt' }).click();
  // The page refreshes once paid, so the lasting evidence is the contract's state and what is open.
  await expect(page.getByLabel('State')).toHaveValue('Effective');
  await expect(page.getByText(/· open 0\.00/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Receipts' })).toContainText(`${CODE}-R1`);
  await page.screenshot({ path: 'e2e/artifacts/screens/contract-payments.png', fullPage: true });
  // The receipt register lists it, with what it pays.
  const card = page.url();
  await open(page, '/receipts');
  await expect(page.getByRole('grid', { name: 'Receipts' })).toContainText(`${CODE}-R1`);
  await open(page, card);
  await page.getByRole('tab', { name: 'Persons covered' }).click();
  await expect(
    page.getByRole('table', { name: 'Persons covered' }).getByText('Kim Jisoo').first(),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  // The readable history: one entry per operation, its label as heading, then who · how · when.
  await expect(
    page
      .getByRole('list', { name: 'History' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /^Approved/ }) })
      .filter({ hasText: 'Alice Approver' })
      .first(),
  ).toBeVisible();
  await shot(page, 'contract-history');
  await page.context().close();
});

test('editor amends the effective contract and lands on the amendment', async ({ browser }) => {
  const page = await as(browser, 'editor');
  await open(page, contractUrl);
  await confirmAction(page, 'Amend');
  await expect(page.getByRole('heading', { name: `Amendment n°1 of ${CODE}` })).toBeVisible();
  await expect(page.getByLabel('State')).toHaveValue('Draft');
  await page.context().close();
});

test('a viewer sees the contract without any action button', async ({ browser }) => {
  const page = await as(browser, 'viewer');
  await open(page, contractUrl);
  await expect(page.getByRole('heading', { name: `Contract ${CODE}` })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Contract actions' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Save|Submit|Approve|Add insured person/ })).toHaveCount(0);
  await open(page, '/contracts');
  await expect(page.getByRole('button', { name: 'Bulk actions' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Add contract' })).toHaveCount(0);
  await page.context().close();
});

test('the contract search on the Data Grid: a header sorts (URL and order), the export has the whole search', async ({
  browser,
}) => {
  test.slow(); // two sorts, a download and four screens, on a shared machine
  const page = await as(browser, 'approver');
  await open(page, '/contracts?pageSize=20');
  const grid = page.getByRole('grid', { name: 'Contracts' });
  const column = (field: string) =>
    grid.locator(`[role="gridcell"][data-field="${field}"]`).allTextContents();
  await expect(grid.locator('[role="gridcell"][data-field="code"]').nth(1)).toBeVisible();
  // Valid from: ISO dates in English, so text order is date order.
  const header = grid.getByRole('columnheader', { name: 'Valid from' });
  await header.click();
  await expect(page).toHaveURL(/sort=dateValidFrom/);
  await expect(page).toHaveURL(/dir=asc/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await column('dateValidFrom');
  const ascendingCodes = await column('code');
  expect(ascending).toEqual([...ascending].sort());
  await header.click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => column('code')).not.toEqual(ascendingCodes);
  const descending = await column('dateValidFrom');
  expect(descending).toEqual([...descending].sort().reverse());
  expect(descending[0]! >= ascending.at(-1)!).toBe(true);

  // The toolbar's export is the server's export of the whole search (every row, and the export's own
  // columns such as the policy holder's name), not the grid's copy of the rows on screen.
  await open(page, '/contracts?pageSize=10');
  const status = await page.getByRole('status').filter({ hasText: /found/ }).textContent();
  const total = Number(/(\d+) contracts? found/.exec(status?.replace(/,/g, '') ?? '')?.[1]);
  expect(total).toBeGreaterThan(0);
  const onScreen = await column('code');
  await page.getByRole('toolbar').getByRole('button', { name: 'Export', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Download as CSV' }).click();
  const csv = await (await download).createReadStream().then(
    (s) =>
      new Promise<string>((resolve, reject) => {
        let text = '';
        s.on('data', (c) => {
          text += String(c);
        });
        s.on('end', () => resolve(text));
        s.on('error', reject);
      }),
  );
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]).toContain('Policy holder name');
  expect(lines.length - 1).toBe(total);
  for (const code of onScreen) expect(csv).toContain(code);

  // Screens at 1280 and 390 px, in both languages.
  for (const lang of ['en', 'fr'] as const) {
    const ctx = await browser.newContext({ storageState: stateOf('approver') });
    await ctx.addCookies([{ name: 'pactum-lang', value: lang, url: page.url() }]);
    const p = await ctx.newPage();
    await open(p, '/contracts');
    await p.screenshot({ path: `e2e/artifacts/screens/contract-grid-${lang}.png` });
    await p.setViewportSize({ width: 390, height: 844 });
    await open(p, '/contracts');
    const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll).toBeLessThanOrEqual(390);
    await p.screenshot({ path: `e2e/artifacts/screens/contract-grid-${lang}-390.png`, fullPage: true });
    await ctx.close();
  }
  await page.context().close();
});
