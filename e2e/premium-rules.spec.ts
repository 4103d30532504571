import { type APIRequestContext, expect, test } from '@playwright/test';
import { fillDate, open } from './ready';
import { emailOf, PASSWORD, stateOf } from './roles';

/*
 * Issue 17: an administrator configures a premium rule in the browser (a rate table by age band and a
 * formula with an income ceiling), sees a formula error where it is, previews, saves and publishes it;
 * a plan using the rule (through the API: the product and plan screens are not built yet) values a
 * contract of employees of several ages at the hand-computed premium.
 */
test.use({ storageState: stateOf('admin') });

const CODE = `E2E-AGES-${Date.now() % 100000}`;

async function api(request: APIRequestContext) {
  const token = (
    await (
      await request.post('/api/v1/tokens', {
        data: { email: emailOf('admin'), password: PASSWORD, name: 'rules' },
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

test('an administrator configures a rule by age band with a ceiling, and a contract is valued with it', async ({
  page,
  request,
}) => {
  await open(page, '/admin/premium-rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New rule' });
  await dialog.getByLabel('Code').fill(CODE);
  await dialog.getByLabel('Name').fill('Group life by age');
  await dialog.getByRole('button', { name: 'Create rule' }).click();
  await expect(page).toHaveURL(/\/admin\/premium-rules\/[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { name: `${CODE} · Group life by age` })).toBeVisible();

  // The editor starts from an example: income, an "ages" band table (18 / 40 / 60), a capped formula.
  await fillDate(page, 'Valid from', '2025-01-01');
  const formula = page.getByLabel('Formula');
  await formula.fill('min(income, 3000) * rate("ages", age) / salary');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Unknown name "salary" at position 41.').first()).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/screens/premium-rule-error.png', fullPage: true });

  await formula.fill('min(income, 3000) * rate("ages", age) / 100');
  await page.getByLabel('Preview inputs (name=value; …)').fill('age=40; familySize=1; income=4500');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Premium: 54.00' })).toBeVisible();
  await expect(page.getByText('rate("ages"): age 40 in band 40 to under 60 → 1.8')).toBeVisible();

  await page.getByRole('button', { name: 'Save as new version' }).click();
  await expect(page.getByText('Draft saved.')).toBeVisible();
  const row = page.getByTestId('rule-version').first();
  await expect(row).toContainText('1 of 1 passed');
  await row.getByRole('button', { name: 'Publish' }).click();
  await expect(row).toContainText('Published');
  await page.screenshot({ path: 'e2e/artifacts/screens/premium-rule.png', fullPage: true });

  // A plan naming the rule, a bundle, an employer and three employees (ages on 2026-01-01: 39, 40, 65).
  const call = await api(request);
  const product = await call('POST', '/products', {
    code: `P-${CODE}`,
    name: 'Group life',
    insurancePeriodMonths: 12,
  });
  const plan = await call('POST', '/contribution-plans', {
    code: `CP-${CODE}`,
    name: 'Group life by age',
    productId: product.id,
    calculationRule: 'premium-rule',
    params: { rule: CODE },
    periodicityMonths: 12,
    dateValidFrom: '2020-01-01',
  });
  const bundle = await call('POST', '/contribution-plan-bundles', {
    code: `B-${CODE}`,
    name: 'Group life',
    periodicityMonths: 12,
    contributionPlanIds: [plan.id],
    dateValidFrom: '2020-01-01',
  });
  const holder = await call('POST', '/policy-holders', {
    code: `PH-${CODE}`,
    tradeName: 'Rated Ltd',
    email: 'hr@rated.test',
    language: 'en',
    dateValidFrom: '2020-01-01',
  });
  await call('POST', `/policy-holders/${holder.id}/bundles`, { contributionPlanBundleId: bundle.id });
  const people = [
    { dateOfBirth: '1986-01-02', gender: 'M', income: '2000.00' }, // 39: 2000 × 1.20 % = 24.00
    { dateOfBirth: '1986-01-01', gender: 'F', income: '4500.00' }, // 40: 3000 × 1.80 % = 54.00
    { dateOfBirth: '1960-05-05', gender: 'M', income: '3000.00' }, // 65: 3000 × 2.90 % = 87.00
  ];
  for (const [i, p] of people.entries())
    await call('POST', `/policy-holders/${holder.id}/insurees`, {
      newInsuree: {
        insuranceNumber: `IN-${CODE}-${i}`,
        firstName: `Employee${i}`,
        lastName: 'Rated',
        gender: p.gender,
        dateOfBirth: p.dateOfBirth,
      },
      contributionPlanBundleId: bundle.id,
      calculationParams: { income: p.income },
      dateValidFrom: '2025-01-01',
    });
  const contract = await call('POST', '/contracts', {
    code: `C-${CODE}`,
    policyHolderId: holder.id,
    paymentReference: 'PAY-RULES',
    dateValidFrom: '2026-01-01',
    dateValidTo: '2026-12-31',
  });
  expect(contract.amount).toBe('165.00');

  // A new version valid from the contract's start: the draft's card says it is now worth more.
  const rules = await call('GET', `/premium-rules?q=${CODE}`);
  const ruleId = rules.items[0].id;
  const v2 = await call('POST', `/premium-rules/${ruleId}/versions`, {
    validFrom: '2026-01-01',
    definition: {
      inputs: [{ name: 'income', label: 'Income', kind: 'decimal', source: 'insuree', required: true }],
      tables: [
        {
          name: 'ages',
          dimensions: [{ name: 'age', kind: 'band' }],
          cells: [
            { keys: ['18'], value: '1.20' },
            { keys: ['40'], value: '1.80' },
            { keys: ['60'], value: '2.90' },
          ],
        },
      ],
      formula: 'min(income, 3000) * rate("ages", age) / 50',
      testCases: [{ name: 'age 39', inputs: { age: 39, familySize: 1, income: '2000' }, expected: '48.00' }],
    },
  });
  await call('POST', `/premium-rules/${ruleId}/versions/${v2.id}/publish`, { version: v2.version });
  await open(page, `/contracts/${contract.id}`);
  await expect(page.getByTestId('rate-note')).toContainText('it is now worth');
  await expect(page.getByTestId('rate-note')).toContainText('330.00');
  await page.screenshot({ path: 'e2e/artifacts/screens/premium-rule-rate-note.png' });

  // The rule page shows where it is used.
  await page.goto(`/admin/premium-rules/${ruleId}`);
  await expect(page.getByText(`CP-${CODE} (Group life by age)`)).toBeVisible();
});
