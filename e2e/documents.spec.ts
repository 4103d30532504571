import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { open } from './ready';
import { type Role, stateOf } from './roles';

/*
 * Issue 16, attachments and documents: a portal user uploads a signed contract on its contract (with
 * the button) and a photo (dropped on the zone); the insurer's staff see them with who and when, and
 * download the same bytes, served as an attachment with nosniff. A file staff mark internal never
 * reaches the portal. An invoice's PDF holds its number, total and due date (read with pdftotext).
 */
test.describe.configure({ mode: 'serial' });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `e2e/artifacts/screens/${name}.png`, fullPage: true });

async function as(browser: Browser, role: Role): Promise<Page> {
  const ctx = await browser.newContext({ storageState: stateOf(role), acceptDownloads: true });
  return ctx.newPage();
}

// A real PDF header and trailer around random bytes: the server sniffs it as a PDF; the bytes are unique.
const SIGNED = Buffer.concat([
  Buffer.from('%PDF-1.4\n% signed contract\n'),
  Buffer.from(randomBytes(2048).toString('hex')),
  Buffer.from('\ntrailer <<>>\n%%EOF\n'),
]);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
let contractPath = '';

test('a portal user adds a signed contract and a photo to its contract', async ({ browser }) => {
  const page = await as(browser, 'portal');
  await open(page, '/portal');
  await page
    .getByRole('link', { name: /^ACME-/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/portal\/contracts\/[0-9a-f-]{36}/);
  contractPath = new URL(page.url()).pathname.replace('/portal', '');
  await page.getByRole('tab', { name: 'Files' }).click();
  await expect(page.getByText('PDF, images, office documents, CSV or text; at most 20 MB.')).toBeVisible();
  // The portal cannot mark anything internal.
  await expect(page.getByLabel(/^Internal/)).toHaveCount(0);

  await page.getByLabel('Category').click();
  await page.getByRole('option', { name: 'Signed contract' }).click();
  await page.getByLabel('Choose a file').setInputFiles({
    name: 'Contrat signé.pdf',
    mimeType: 'application/pdf',
    buffer: SIGNED,
  });
  await expect(page.getByRole('status')).toHaveText('Contrat signé.pdf added.');
  const files = page.getByRole('table', { name: 'Files' });
  const row = files.getByRole('row').filter({ hasText: 'Contrat signé.pdf' });
  await expect(row).toContainText('Signed contract');
  await expect(row).toContainText('Paula Portal');

  // Drag and drop: a photo dropped on the zone.
  await page.getByLabel('Category').click();
  await page.getByRole('option', { name: 'Correspondence' }).click();
  const transfer = await page.evaluateHandle((b64) => {
    const dt = new DataTransfer();
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], 'photo.png', { type: 'image/png' }));
    return dt;
  }, PNG.toString('base64'));
  await page.getByTestId('file-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByRole('status')).toHaveText('photo.png added.');
  await expect(files.getByRole('row').filter({ hasText: 'photo.png' })).toContainText('Correspondence');
  // A page saved with a .pdf name is refused: the bytes decide.
  await page.getByLabel('Choose a file').setInputFiles({
    name: 'invoice.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'This kind of file' })).toContainText(
    'This kind of file is not accepted',
  );
  await shot(page, 'files-portal');
  await page.context().close();
});

test('staff see the file and download the same bytes; an internal file stays internal', async ({
  browser,
}) => {
  const page = await as(browser, 'approver');
  await open(page, `${contractPath}?tab=files`);
  const files = page.getByRole('table', { name: 'Files' });
  const row = files.getByRole('row').filter({ hasText: 'Contrat signé.pdf' });
  await expect(row).toContainText('Paula Portal');
  await expect(row).toContainText('Signed contract');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Download Contrat signé.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Contrat signé.pdf');
  const saved = await download.path();
  expect(fs.readFileSync(saved).equals(SIGNED)).toBe(true);

  const href = await row.getByRole('link', { name: 'Download Contrat signé.pdf' }).getAttribute('href');
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['content-type']).toBe('application/pdf');

  // Preview: the PDF opens in the page (from the downloaded bytes).
  await row.getByRole('button', { name: 'Preview Contrat signé.pdf' }).click();
  const preview = page.getByRole('dialog', { name: 'Contrat signé.pdf' });
  await expect(preview.locator('iframe')).toHaveAttribute('src', /^blob:/);
  await preview.getByRole('button', { name: 'Close' }).click();

  // An internal note for the insurer only.
  await page.getByLabel('Category').click();
  await page.getByRole('option', { name: 'Medical' }).click();
  await page.getByLabel(/^Internal/).check();
  await page.getByLabel('Choose a file').setInputFiles({
    name: 'medical-opinion.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% medical\ntrailer <<>>\n%%EOF\n'),
  });
  await expect(page.getByRole('status')).toHaveText('medical-opinion.pdf added.');
  await expect(files.getByRole('row').filter({ hasText: 'medical-opinion.pdf' })).toContainText('internal');
  await shot(page, 'files-staff');
  const internalHref = await files
    .getByRole('row')
    .filter({ hasText: 'medical-opinion.pdf' })
    .getByRole('link')
    .first()
    .getAttribute('href');
  await page.context().close();

  const portal = await as(browser, 'portal');
  await open(portal, `/portal${contractPath}?tab=files`);
  await expect(portal.getByRole('row').filter({ hasText: 'Contrat signé.pdf' })).toHaveCount(1);
  await expect(portal.getByRole('row').filter({ hasText: 'medical-opinion.pdf' })).toHaveCount(0);
  expect((await portal.request.get(internalHref!)).status()).toBe(404);
  await portal.context().close();
});

test('an invoice PDF holds its number, total and due date', async ({ browser }) => {
  const page = await as(browser, 'approver');
  await open(page, contractPath);
  await page
    .getByRole('toolbar', { name: 'Contract actions' })
    .getByRole('button', { name: 'Create invoice', exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Create invoice' });
  await dialog.getByRole('button', { name: 'Create invoice', exact: true }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('tab', { name: 'Invoices' }).click();
  const pdfLink = page.getByRole('link', { name: /^PDF of INV-/ }).last();
  const number = ((await pdfLink.textContent()) ?? '').replace('PDF of ', '').trim();
  const pdfHref = (await pdfLink.getAttribute('href'))!;
  const block = page.locator('div', { has: page.getByRole('heading', { name: number, exact: true }) }).last();
  const summary = ((await block.textContent()) ?? '').replace(/\s/g, ' ');
  const total = summary.match(/total ([\d,.]+ [A-Z]{3})/)![1]!;

  const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  expect(download.suggestedFilename()).toBe(`Invoice ${number}.pdf`);
  const file = await download.path();
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

  // The due date as the payments tab shows it: the earliest installment billed by this invoice.
  await page.getByRole('tab', { name: 'Payments' }).click();
  const billed = page
    .getByRole('table', { name: 'Installments' })
    .getByRole('row')
    .filter({ hasText: number });
  await expect(billed.first()).toBeVisible(); // evaluateAll does not wait for the tab to render
  const dues = await billed.evaluateAll((rows) =>
    rows.map((r) => r.querySelectorAll('td')[1]?.textContent?.trim() ?? ''),
  );
  const due = dues.sort()[0]!;
  expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  expect(text).toContain(`Invoice ${number}`);
  expect(text).toContain(`Total: ${total}`);
  expect(text).toContain(`Due date ${due}`);
  expect(text).toContain('Acme Logistics Ltd');

  // The same bytes on the next download.
  const again = await page.request.get(pdfHref);
  expect((await again.body()).equals(fs.readFileSync(file))).toBe(true);
  await page.context().close();
});
