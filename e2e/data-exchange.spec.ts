import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { open } from './ready';
import { emailOf, PASSWORD, type Role, stateOf } from './roles';

/*
 * Issue 16, data in and out: a census (employee list) with errors shows every row's error and writes
 * nothing, in the portal and on the staff card; a clean one applies; an administrator registers a
 * partner's webhook endpoint and is shown its signing secret once.
 */
test.describe.configure({ mode: 'serial' });

const TAG = Date.now().toString(36).toUpperCase();
const HEADER = 'Insurance number;First name;Last name;Gender;Date of birth;Family;Income;Bundle;From';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));

async function as(browser: Browser, role: Role): Promise<Page> {
  return (await browser.newContext({ storageState: stateOf(role) })).newPage();
}

async function api(request: APIRequestContext) {
  const token = (
    await (
      await request.post('/api/v1/tokens', {
        data: { email: emailOf('admin'), password: PASSWORD, name: 'census' },
      })
    ).json()
  ).token as string;
  return async (method: 'POST' | 'GET', path: string, data?: unknown) => {
    const r = await request.fetch(`/api/v1${path}`, {
      method,
      data,
      headers: { authorization: `Bearer ${token}` },
    });
    const body = r.status() === 204 ? null : await r.json();
    expect(r.ok(), `${method} ${path}: ${JSON.stringify(body)}`).toBe(true);
    return body;
  };
}

async function upload(page: Page, name: string, bytes: Buffer) {
  await page.getByRole('button', { name: 'Import employee list' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import an employee list' });
  await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await expect(dialog.getByText(name)).toBeVisible();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  return dialog;
}

test('the portal sees every error of a bad list, and nothing is written', async ({ browser }) => {
  const page = await as(browser, 'portal');
  await open(page, '/portal/insurees');
  const before = await page.getByRole('table', { name: 'Insurees' }).getByRole('row').count();
  const dialog = await upload(
    page,
    'bad.csv',
    csv(
      `P${TAG}1;Ann;Able;F;1990-02-30;;1000;CPB-STD;2026-01-01`,
      `P${TAG}2;Bob;Baker;M;1990-01-01;;1000;GOLD;2026-01-01`,
    ),
  );
  const errors = dialog.getByRole('table', { name: 'Errors in the file' });
  await expect(errors.getByRole('row', { name: /2 Date of birth/ })).toBeVisible();
  await expect(errors.getByRole('row', { name: /3 Bundle This bundle is not available/ })).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Apply/ })).toBeDisabled();
  await page.screenshot({ path: 'docs/screenshots/census-errors.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('table', { name: 'Insurees' }).getByRole('row')).toHaveCount(before);
  await page.context().close();
});

test('staff apply a clean list: the new people are declared', async ({ browser, request }) => {
  const call = await api(request);
  const ph = await call('POST', '/policy-holders', {
    code: `CENSUS-${TAG}`,
    tradeName: `Census ${TAG} Ltd`,
    language: 'en',
    dateValidFrom: '2025-01-01',
  });
  const bundles = await call('GET', '/contribution-plan-bundles?q=CPB-STD');
  const std = bundles.items.find((b: { code: string }) => b.code === 'CPB-STD');
  await call('POST', `/policy-holders/${ph.id}/bundles`, { contributionPlanBundleId: std.id });

  const page = await as(browser, 'editor');
  await open(page, `/policy-holders/${ph.id}`);
  const dialog = await upload(
    page,
    'staff.csv',
    csv(
      `C${TAG}1;Carla;Census;F;1984-04-04;;1500.00;CPB-STD;2026-01-01`,
      `C${TAG}2;Colin;Census;M;04/05/2012;C${TAG}1;800;CPB-STD;01/01/2026`,
    ),
  );
  await expect(dialog.getByText('2 rows: 2 new, 0 changed, 0 leaving, 0 unchanged.')).toBeVisible();
  await expect(dialog.getByRole('table', { name: 'New' }).getByRole('row')).toHaveCount(3);
  await page.screenshot({ path: 'docs/screenshots/census-preview.png' });
  await dialog.getByRole('button', { name: 'Apply: 2 new, 0 changed, 0 leaving' }).click();
  await expect(dialog.getByText('Imported: 2 new, 0 changed, 0 leaving.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  const table = page.getByRole('table', { name: 'Insurees' });
  await expect(table.getByRole('row', { name: /Census Carla/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Census Colin/ })).toBeVisible();
  await page.context().close();
});

test('an administrator registers a webhook endpoint and sees its secret once', async ({ browser }) => {
  const page = await as(browser, 'admin');
  await open(page, '/admin/webhooks');
  const url = `https://partner-${TAG.toLowerCase()}.example/hooks`;
  await page.getByLabel('Endpoint (https)').fill(url);
  await page.getByLabel('Description').fill('Partner ERP');
  await page.getByRole('checkbox', { name: 'contract.submitted' }).check();
  await page.getByRole('checkbox', { name: 'invoice.issued' }).check();
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveText(/^whsec_/);
  await expect(
    page.getByRole('table', { name: 'Endpoints' }).getByRole('row', { name: new RegExp(url) }),
  ).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/webhooks.png', fullPage: true });
  // Plain http is refused.
  await page.getByLabel('Endpoint (https)').fill('http://partner.example/hooks');
  await page.getByRole('checkbox', { name: 'comment.added' }).check();
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(page.getByText('The endpoint must be an https:// address.').first()).toBeVisible();
  await page.context().close();
});
