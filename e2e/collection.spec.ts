import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { emailOf, PASSWORD, type Role, stateOf } from './roles';

/*
 * Issue 14, part A: the approver sets the creditor, adds a mandate on a policy holder's card, runs a
 * collection and downloads its pain.008 file, imports the bank's statement (the settlement becomes a
 * receipt, an unknown transfer waits in the queue) and matches the queued line by hand.
 * Set-up through the API: two approved contracts of Greenfield in later years, the first one invoiced.
 */
test.describe.configure({ mode: 'serial' });

const TAG = Date.now().toString(36).toUpperCase();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const COLLECTION_DATE = day(45);
let e2eId = '';
let collected = '';

async function as(browser: Browser, role: Role): Promise<Page> {
  const ctx = await browser.newContext({ storageState: stateOf(role), acceptDownloads: true });
  return ctx.newPage();
}

async function api(request: APIRequestContext) {
  const { token } = await (
    await request.post('/api/v1/tokens', {
      data: { email: emailOf('admin'), password: PASSWORD, name: `coll-${TAG}` },
    })
  ).json();
  const headers = { authorization: `Bearer ${token}` };
  const call = async (method: 'get' | 'post', path: string, data?: unknown) => {
    const r = await request[method](`/api/v1${path}`, { headers, data });
    expect(r.ok(), `${method} ${path}: ${await r.text()}`).toBe(true);
    return r.json();
  };
  return call;
}

test('set-up: two approved contracts of Greenfield, the first invoiced', async ({ request }) => {
  const call = await api(request);
  const phs = await call('get', '/policy-holders?q=PH-GREEN');
  const ph = (phs.items ?? phs).find((p: { code: string }) => p.code === 'PH-GREEN');
  for (const [i, year] of [2030, 2031].entries()) {
    let c = await call('post', '/contracts', {
      code: `COL-${TAG}-${i}`,
      policyHolderId: ph.id,
      dateValidFrom: `${year}-01-01`,
      dateValidTo: `${year}-12-31`,
    });
    const id = c.id as string;
    c = await call('post', `/contracts/${id}/submit`, { version: c.version });
    await call('post', `/contracts/${id}/approve`, { version: c.version });
    if (i === 0) await call('post', `/contracts/${id}/invoices`, { upTo: day(40) });
  }
});

test('the approver sets the creditor, adds a mandate, runs a collection and downloads the file', async ({
  browser,
}) => {
  const page = await as(browser, 'approver');
  await open(page, '/admin/collection-settings');
  const form = page.getByRole('form', { name: 'Collection settings' });
  await form.getByLabel('Creditor identifier').fill('FR73ZZZ123456');
  await form.getByLabel('Creditor name').fill('Pactum Assurances');
  await form.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189');
  await form.getByLabel('BIC').fill('AGRIFRPP');
  await form.getByLabel('Return fee').fill('7.50');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(
    form.getByText('Enter a valid SEPA creditor identifier (e.g. FR72ZZZ123456).').first(),
  ).toBeVisible();
  await form.getByLabel('Creditor identifier').fill('FR72ZZZ123456');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText('Settings saved.')).toBeVisible();

  await open(page, '/policy-holders');
  await page.getByRole('link', { name: 'PH-GREEN' }).click();
  await page.getByRole('tab', { name: 'SEPA mandates' }).click();
  const add = page.getByRole('form', { name: 'Add mandate' });
  await add.getByLabel('Account holder').fill('Greenfield Farms');
  await add.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 01');
  await add.getByRole('button', { name: 'Add mandate' }).click();
  await expect(add.getByText('Enter a valid IBAN of a SEPA country.').first()).toBeVisible();
  await add.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
  await add.getByRole('button', { name: 'Add mandate' }).click();
  const mandates = page.getByRole('table', { name: 'SEPA mandates' });
  await expect(mandates.getByRole('row', { name: /DE89370400440532013000/ })).toContainText('Active');
  await page.screenshot({ path: 'e2e/artifacts/screens/collection-mandates.png', fullPage: true });

  await open(page, '/billing/collections');
  const run = page.getByRole('form', { name: 'Start collection' });
  await fillDate(run, 'Collection date', COLLECTION_DATE);
  await run.getByRole('button', { name: 'Preview' }).click();
  await expect(run.getByText(/installments? of 1 policy holder,/)).toBeVisible();
  await expect(run.getByText(/CORE FRST: 1 transaction,/)).toBeVisible();
  await run.getByRole('button', { name: 'Start collection' }).click();
  const runs = page.getByRole('table', { name: 'Collection runs' });
  const link = runs.getByRole('link', { name: /Download CORE FRST \(1\)/ });
  await expect(async () => {
    await page.reload();
    await expect(link).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await page.screenshot({ path: 'e2e/artifacts/screens/collection-runs.png', fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const xml = (await (await download.createReadStream()).toArray()).join('');
  expect(xml).toContain('<NbOfTxs>1</NbOfTxs>');
  expect(xml).toContain('<Id>FR72ZZZ123456</Id>');
  e2eId = /<EndToEndId>(PCT[0-9A-F]{32})<\/EndToEndId>/.exec(xml)![1]!;
  collected = /<InstdAmt Ccy="EUR">([\d.]+)<\/InstdAmt>/.exec(xml)![1]!;
  expect(xml).toContain(`<CtrlSum>${collected}</CtrlSum>`);
});

test('the approver imports the statement, sees the settled receipt, and matches the queued line by hand', async ({
  browser,
}) => {
  const page = await as(browser, 'approver');
  const statement = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>E2E-${TAG}</MsgId><CreDtTm>${day(0)}T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>E2E-${TAG}</Id>
<Ntry><Amt Ccy="EUR">${collected}</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>${day(0)}</Dt></BookgDt>
<NtryDtls><TxDtls><Refs><EndToEndId>${e2eId}</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>${day(0)}</Dt></BookgDt>
<NtryDtls><TxDtls><Refs><AcctSvcrRef>E2E-${TAG}-2</AcctSvcrRef></Refs><RltdPties><Dbtr><Nm>Unknown payer ${TAG}</Nm></Dbtr></RltdPties>
<RmtInf><Ustrd>Advance payment</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`;
  await open(page, '/billing/reconciliation');
  const importForm = page.getByRole('form', { name: 'Import a statement' });
  await importForm.getByLabel(/Statement file/).setInputFiles({
    name: `statement-${TAG}.xml`,
    mimeType: 'application/xml',
    buffer: Buffer.from(statement),
  });
  await importForm.getByRole('button', { name: 'Import a statement' }).click();
  await expect(
    importForm.getByText(/2 lines: 1 collection settled, 0 matched, 0 returns, 1 to reconcile/),
  ).toBeVisible();
  // Twice is once.
  await importForm.getByRole('button', { name: 'Import a statement' }).click();
  await expect(
    importForm.getByText('This statement was already imported: nothing was created.'),
  ).toBeVisible();

  const settled = page.getByRole('table', { name: 'Collection settled' });
  await expect(settled.getByRole('row', { name: new RegExp(e2eId) })).toBeVisible();
  const queue = page.getByRole('table', { name: 'To reconcile' });
  const row = queue.getByRole('row', { name: new RegExp(`Unknown payer ${TAG}`) });
  await expect(row).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/screens/reconciliation-queue.png', fullPage: true });
  await row.getByRole('button', { name: 'Match' }).click();
  await page.getByLabel('Open amount').fill('');
  await page.getByLabel('Policy holder, contract or invoice').fill(`COL-${TAG}-1`);
  await page.getByRole('button', { name: 'Search' }).click();
  const results = page.getByRole('table', { name: 'Open installments' });
  await results.getByRole('textbox').first().fill('10.00');
  await expect(page.getByText(/Left to allocate: \D*0\.00/)).toBeVisible();
  await page.getByRole('button', { name: 'Record the receipt(s)' }).click();
  await expect(page.getByText('Line matched.')).toBeVisible();
  await expect(queue.getByRole('row', { name: new RegExp(`Unknown payer ${TAG}`) })).toHaveCount(0);

  // The settlement is a receipt in the register.
  await open(page, `/receipts?q=SDD-${e2eId}`);
  await expect(page.getByText(`SDD-${e2eId}`)).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/screens/collection-receipt.png', fullPage: true });
});
