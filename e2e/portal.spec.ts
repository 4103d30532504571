import AxeBuilder from '@axe-core/playwright';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { type Role, stateOf } from './roles';

/*
 * The policy holder's side (issue: portal, comments, e-mail): a broker acting for Boulangerie Dupont
 * (French) drafts a contract in the portal, adds a person and submits; the approver counters with a
 * reason; the broker reads it in the thread, a French mail waits in the outbox; the broker fixes and
 * resubmits; the approval produces the payment notification with the right amount. Another policy
 * holder's contract is a 404 and an internal note never reaches the portal.
 */
test.describe.configure({ mode: 'serial' });

/** Next year: after the demo contracts of this year, so no overlap with them, whatever today is. */
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const CODE = `PORTAL-${Date.now().toString(36).toUpperCase()}`;
let contractId = '';

async function as(browser: Browser, role: Role): Promise<Page> {
  const ctx = await browser.newContext({ storageState: stateOf(role) });
  return ctx.newPage();
}
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/artifacts/screens/${name}.png`, fullPage: true });
const seriousViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );

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

async function outboxMail(browser: Browser, event: string) {
  const admin = await as(browser, 'admin');
  await open(admin, `/admin/outbox?q=${CODE}`);
  const row = admin.getByTestId('outbox-row').filter({ hasText: event });
  await expect(row).toHaveCount(1);
  await row.locator('summary').click();
  const text = ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
  await shot(admin, `outbox-${event}`);
  await admin.context().close();
  return text;
}

test('the broker picks Dupont, drafts a contract, adds a person and submits it', async ({ browser }) => {
  const page = await as(browser, 'broker');
  await open(page, '/portal');
  await expect(page.getByRole('heading', { name: 'Welcome, Camille Courtier' })).toBeVisible();
  // Two policy holders: the broker picks the one they act for.
  await page.getByLabel('Acting for').click();
  await page.getByRole('option', { name: 'Boulangerie Dupont SARL' }).click();
  await expect(page.getByRole('link', { name: /^DUPONT-/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^ACME-/ })).toHaveCount(0);
  await shot(page, 'portal-home');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'New contract' }).click();
  await expect(page.getByLabel('Policy holder')).toHaveValue(/PH-DUPONT/);
  await page.getByLabel('Code').fill(CODE);
  await fillDate(page, 'Valid from', `${NEXT_YEAR}-01-01`);
  await fillDate(page, 'Valid to', `${NEXT_YEAR}-12-31`);
  await page.getByRole('button', { name: 'Create contract' }).click();
  await expect(page.getByRole('heading', { name: `Contract ${CODE}` })).toBeVisible();
  await expect(page).toHaveURL(/\/portal\/contracts\/[0-9a-f-]{36}$/);
  contractId = page.url().split('/').pop()!;

  const details = page.getByRole('table', { name: 'Contract details' });
  await expect(details.getByRole('row')).toHaveCount(5); // header + Dupont's 4 employees
  await details.getByRole('button', { name: /^Remove Leroy/ }).click();
  await page
    .getByRole('dialog', { name: 'Remove insured person' })
    .getByRole('button', { name: 'Remove' })
    .click();
  await expect(details.getByRole('row')).toHaveCount(4);
  await page.getByRole('button', { name: 'Add insured person' }).click();
  const add = page.getByRole('dialog', { name: 'Add insured person' });
  await add.getByLabel('Insuree').click();
  await page.getByRole('option', { name: /Leroy Emma/ }).click();
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(add).toBeHidden();
  await expect(details.getByRole('row')).toHaveCount(5);

  // The policy holder signs; the insurer's operations are not offered.
  const toolbar = page.getByRole('toolbar', { name: 'Contract actions' });
  await expect(toolbar.getByRole('button', { name: /Approve|Counter|Terminate|Delete/ })).toHaveCount(0);
  await confirmAction(page, 'Submit', 'Signed for the bakery.');
  await expect(page.getByLabel('State')).toHaveValue('Negotiable');
  await expect(page.getByRole('button', { name: 'Add insured person' })).toHaveCount(0);
  await shot(page, 'portal-card');
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

test('the approver counters with a reason; the broker reads it in the thread; a French mail is queued', async ({
  browser,
}) => {
  const approver = await as(browser, 'approver');
  await open(approver, `/contracts/${contractId}?tab=comments`);
  await expect(approver.getByTestId('comment').filter({ hasText: 'Signed for the bakery.' })).toBeVisible();
  await confirmAction(approver, 'Counter', 'Please add the income of Ms Leroy from March.');
  await expect(approver.getByLabel('State')).toHaveValue('Counter');
  // And an internal note, which must never reach the portal.
  await approver.getByLabel('New comment').fill('Internal: double-check the bakery payroll.');
  await approver.getByLabel(/Internal note/).check();
  await approver.getByRole('button', { name: 'Post comment' }).click();
  await expect(approver.getByTestId('comment').filter({ hasText: 'double-check the bakery' })).toBeVisible();
  await approver.context().close();

  const broker = await as(browser, 'broker');
  await open(broker, `/portal/contracts/${contractId}?tab=comments`);
  const reason = broker
    .getByTestId('comment')
    .filter({ hasText: 'Please add the income of Ms Leroy from March.' });
  await expect(reason).toContainText('Alice Approver');
  await expect(reason).toContainText('with “Counter”');
  await expect(broker.getByTestId('comment')).toHaveCount(2);
  await expect(broker.getByText('double-check the bakery')).toHaveCount(0);
  await shot(broker, 'portal-comments');
  await broker.context().close();

  const mail = await outboxMail(browser, 'contract.countered');
  expect(mail).toContain(`Modification demandée : contrat ${CODE}`);
  expect(mail).toContain('Motif : Please add the income of Ms Leroy from March.');
  expect(mail).toContain('contact@boulangerie-dupont.test');
  expect(mail).not.toMatch(/\{\w+\}/);
  expect(mail).not.toContain('double-check');
});

test('the broker fixes and resubmits; the approval mails the payment notification with the amount due', async ({
  browser,
}) => {
  const broker = await as(browser, 'broker');
  await open(broker, `/portal/contracts/${contractId}`);
  const details = broker.getByRole('table', { name: 'Contract details' });
  await details.getByRole('button', { name: /^Edit Leroy/ }).click();
  const edit = broker.getByRole('dialog', { name: 'Edit insured person' });
  await edit.getByLabel('Income').fill('1500.00');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await broker.getByRole('tab', { name: 'Comments' }).click();
  await broker.getByLabel('New comment').fill('Done, see https://dupont.test/payroll\nThanks <b>team</b>.');
  await broker.getByRole('button', { name: 'Post comment' }).click();
  // Links become clickable; markup is shown as typed, never interpreted.
  await expect(broker.getByRole('link', { name: 'https://dupont.test/payroll' })).toBeVisible();
  await expect(broker.getByText('Thanks <b>team</b>.')).toBeVisible();
  await expect(broker.locator('[data-testid="comment"] b')).toHaveCount(0);
  await confirmAction(broker, 'Submit');
  await expect(broker.getByLabel('State')).toHaveValue('Negotiable');
  await broker.context().close();

  const approver = await as(browser, 'approver');
  await open(approver, `/contracts/${contractId}`);
  await confirmAction(approver, 'Approve');
  await expect(approver.getByLabel('State')).toHaveValue('Executable');
  const due = await approver.getByLabel('Amount due').inputValue(); // e.g. "1,234.50"
  await approver.context().close();

  const mail = await outboxMail(browser, 'contract.approved');
  // The amount carries the installation's currency ("1,234.50 EUR"); page text may turn its no-break space into a space.
  const spaces = (text: string) => text.replace(/\u00a0/g, ' ');
  const dueFr = spaces(due.replace(/,/g, '\u202f').replace('.', ','));
  expect(dueFr).toMatch(/ EUR$/);
  expect(mail).toContain(`Avis de paiement : contrat ${CODE}`);
  expect(spaces(mail)).toContain(`Montant dû : ${dueFr}`);
  expect(mail).not.toMatch(/\{\w+\}/);

  // The broker sees what to pay in the portal too.
  const page = await as(browser, 'broker');
  await open(page, `/portal/contracts/${contractId}?tab=payments`);
  await expect(page.getByRole('table', { name: 'Installments' })).toBeVisible();
  // "Our account": the policy holder's statement, read-only.
  await open(page, '/portal/account');
  await expect(page.getByRole('heading', { name: 'Our account' })).toBeVisible();
  await expect(page.getByText(/Balance owed|Credit in your favour|No invoice left to pay/)).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/screens/portal-account.png', fullPage: true });
  await page.context().close();
});

test("another policy holder's contract is not found in the portal, whatever the URL", async ({ browser }) => {
  const approver = await as(browser, 'approver');
  await open(approver, '/contracts?code=GREEN-');
  const greenHref = await approver
    .getByRole('link', { name: /^GREEN-/ })
    .first()
    .getAttribute('href');
  await approver.context().close();
  const greenId = greenHref!.split('/').pop()!;

  const broker = await as(browser, 'broker');
  for (const url of [
    `/portal/contracts/${greenId}`,
    `/portal/contracts/${greenId}?tab=comments`,
    `/portal/contracts/${greenId}/invoices/${greenId}`,
  ]) {
    const response = await broker.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(broker.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
  // Staff pages stay closed to the portal.
  expect((await broker.goto(`/contracts/${greenId}`))?.status()).toBe(403);
  await broker.context().close();
});
