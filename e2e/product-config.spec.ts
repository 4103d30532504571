import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { emailOf, PASSWORD, stateOf } from './roles';

/*
 * Issue 17, done when: an administrator configures a new product through the screens — a premium rule
 * with a rate table by age band and a formula with an income ceiling, the product, a contribution plan
 * naming the rule, a bundle — and a contract of employees of several ages is valued at the premium
 * computed by hand. Rule errors show where they are (the formula's position, the field's message). The
 * employer, its employees and the contract come through the API (their screens have their own specs).
 */
test.use({ storageState: stateOf('admin') });
// One long journey (four screens, a rule published, a contract valued) on a shared 2-core machine.
test.setTimeout(240_000);

const N = Date.now() % 100000;
const RULE = `PC-AGES-${N}`;
const PRODUCT = `PC-GL-${N}`;
const PLAN = `PC-CP-${N}`;
const BUNDLE = `PC-B-${N}`;

async function api(request: APIRequestContext) {
  const token = (
    await (
      await request.post('/api/v1/tokens', {
        data: { email: emailOf('admin'), password: PASSWORD, name: 'product-config' },
      })
    ).json()
  ).token as string;
  return async (method: 'POST' | 'GET', path: string, data?: unknown) => {
    const r = await request.fetch(`/api/v1${path}`, {
      method,
      data,
      headers: { authorization: `Bearer ${token}` },
    });
    const body = await r.json();
    expect(r.ok(), `${method} ${path}: ${JSON.stringify(body)}`).toBe(true);
    return body;
  };
}

async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test('an administrator configures a product through the screens and a contract gets the hand-computed premium', async ({
  page,
  request,
}) => {
  // 1. The premium rule: the editor starts from the example (income; an "ages" table 18 / 40 / 60 at
  //    1.20 / 1.80 / 2.90 %); the formula caps the income at 3,000.
  await open(page, '/admin/products');
  await page.getByRole('tab', { name: 'Premium rules' }).click();
  await expect(page).toHaveURL(/\/admin\/premium-rules$/);
  await page.getByRole('button', { name: 'New rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New rule' });
  await dialog.getByLabel('Code').fill(RULE);
  await dialog.getByLabel('Name').fill('Group life by age band');
  await dialog.getByRole('button', { name: 'Create rule' }).click();
  await expect(page).toHaveURL(/\/admin\/premium-rules\/[0-9a-f-]{36}/);
  await fillDate(page, 'Valid from', '2025-01-01');
  const formula = page.getByLabel('Formula');
  await formula.fill('min(income, 3000) * rate("ages", agee) / 100');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Unknown name "agee" at position 34.').first()).toBeVisible();
  await formula.fill('min(income, 3000) * rate("ages", age) / 100');
  await page.getByLabel('Preview inputs (name=value; …)').fill('age=39; familySize=1; income=2000');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Premium: 24.00' })).toBeVisible();
  await page.getByRole('button', { name: 'Save as new version' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  const version = page.getByTestId('rule-version').first();
  await version.getByRole('button', { name: 'Publish' }).click();
  await expect(version).toContainText('Published');

  // 2. The product: a field's rule error shows beside the field; then its settings are saved.
  await open(page, '/admin/products');
  await page.getByRole('link', { name: 'New product' }).click();
  await expect(page.getByRole('heading', { name: 'New product' })).toBeVisible();
  await page.getByLabel('Code').fill(PRODUCT);
  await page.getByLabel('Name').fill('Group life');
  await page.getByLabel('Insurance period (months)').fill('0');
  await page.getByLabel('Grace period (days)').fill('30');
  await choose(page, 'Billing frequency', 'Quarterly');
  await choose(page, 'Paid before effective', 'The first installment');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page.getByText('Insurance period must be between 1 and 120 months.')).toBeVisible();
  await expect(page.getByLabel('Insurance period (months)')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'e2e/artifacts/screens/product-form-error.png', fullPage: true });
  await page.getByLabel('Insurance period (months)').fill('12');
  await page.getByRole('button', { name: 'Create product' }).click();
  await expect(page).toHaveURL(/\/admin\/products\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `${PRODUCT} · Group life` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Billing frequency' })).toHaveText('Quarterly');
  const productUrl = page.url();

  // 3. The contribution plan, from the product's page: the configured rule, chosen by its code.
  await page.getByRole('link', { name: 'New plan for this product' }).click();
  await expect(page.getByRole('heading', { name: 'New contribution plan' })).toBeVisible();
  await page.getByLabel('Code').fill(PLAN);
  await page.getByLabel('Name').fill('Group life by age band');
  await expect(page.getByRole('combobox', { name: 'Product' })).toContainText(PRODUCT);
  await choose(page, 'Calculation rule', 'Configured premium rule');
  await page.getByLabel('Periodicity (months)').fill('12');
  await fillDate(page, 'Valid from', '2020-01-01');
  await page.getByRole('button', { name: 'Create plan' }).click();
  // No rule chosen yet: the service says so beside the rule's field.
  await expect(page.getByText('Premium rule is required.')).toBeVisible();
  await choose(page, 'Premium rule', new RegExp(`^${RULE} `));
  await page.getByRole('button', { name: 'Create plan' }).click();
  await expect(page).toHaveURL(/\/admin\/plans\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `${PLAN} · Group life by age band` })).toBeVisible();

  // 4. The bundle holding the plan.
  await open(page, '/admin/bundles');
  await page.getByRole('link', { name: 'New bundle' }).click();
  await page.getByLabel('Code').fill(BUNDLE);
  await page.getByLabel('Name').fill('Group life');
  await page.getByLabel('Periodicity (months)').fill('12');
  await fillDate(page, 'Valid from', '2020-01-01');
  await page.getByRole('button', { name: 'Create bundle' }).click();
  await expect(page.getByText('A bundle needs at least one contribution plan.')).toBeVisible();
  await page.getByLabel(`${PLAN} · Group life by age band (${PRODUCT})`).check();
  await page.getByRole('button', { name: 'Create bundle' }).click();
  await expect(page).toHaveURL(/\/admin\/bundles\/[0-9a-f-]{36}$/);
  const bundleId = page.url().split('/').at(-1)!;
  await page.screenshot({ path: 'e2e/artifacts/screens/bundle-form.png', fullPage: true });

  // 5. An employer with three employees (ages on 2026-01-01: 39, 40, 65) and their contract.
  const call = await api(request);
  const holder = await call('POST', '/policy-holders', {
    code: `PH-${N}`,
    tradeName: 'Configured Ltd',
    email: 'hr@configured.test',
    language: 'en',
    dateValidFrom: '2020-01-01',
  });
  await call('POST', `/policy-holders/${holder.id}/bundles`, { contributionPlanBundleId: bundleId });
  const people = [
    { dateOfBirth: '1986-01-02', gender: 'M', income: '2000.00' }, // 39: 2000 × 1.20 % = 24.00
    { dateOfBirth: '1986-01-01', gender: 'F', income: '4500.00' }, // 40 that day: 3000 × 1.80 % = 54.00
    { dateOfBirth: '1960-05-05', gender: 'M', income: '3000.00' }, // 65: 3000 × 2.90 % = 87.00
  ];
  for (const [i, p] of people.entries())
    await call('POST', `/policy-holders/${holder.id}/insurees`, {
      newInsuree: {
        insuranceNumber: `PC-${N}-${i}`,
        firstName: `Employee${i}`,
        lastName: 'Configured',
        gender: p.gender,
        dateOfBirth: p.dateOfBirth,
      },
      contributionPlanBundleId: bundleId,
      calculationParams: { income: p.income },
      dateValidFrom: '2025-01-01',
    });
  const contract = await call('POST', '/contracts', {
    code: `C-PC-${N}`,
    policyHolderId: holder.id,
    paymentReference: 'PAY-PC',
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
  // 24.00 + 54.00 + 87.00 for the year (yearly plan).
  expect(contract.amount).toBe('165.00');

  // 6. Which contracts use what: the product's count links to the contract search, filtered.
  await open(page, productUrl);
  await page.getByRole('link', { name: 'Used by 1 contract' }).click();
  await expect(page).toHaveURL(/\/contracts\?productId=/);
  await expect(page.getByText(`Only contracts using product ${PRODUCT}`)).toBeVisible();
  await expect(page.getByRole('link', { name: `C-PC-${N}`, exact: true })).toBeVisible();
  await open(page, `/admin/products?q=${PRODUCT}`);
  const row = page.getByRole('row').filter({ hasText: PRODUCT });
  await expect(row).toContainText('Quarterly');
  await expect(row).toContainText('The first installment');
  await page.screenshot({ path: 'e2e/artifacts/screens/products.png', fullPage: true });
});
