import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { open } from './ready';
import { stateOf } from './roles';

/*
 * The API from a person's side: a token made on the profile page works against /api/v1 and stops
 * working once revoked; the reference page lists the endpoints of the document the API serves.
 */
test.use({ storageState: stateOf('editor') });

test('an editor creates an API token on the profile page, uses it, and revokes it', async ({
  page,
  request,
}) => {
  await open(page, '/policy-holders');
  await page.getByTestId('current-user').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await page.getByLabel('Token name').fill('E2E integration');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^pct_/);
  await expect(page.getByRole('row', { name: /E2E integration/ })).toContainText('Active');
  await page.screenshot({ path: 'e2e/artifacts/screens/profile-tokens.png', fullPage: true });

  const ok = await request.get('/api/v1/contracts?pageSize=10', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).items.length).toBeGreaterThan(0);

  await page
    .getByRole('row', { name: /E2E integration/ })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await page.getByRole('dialog', { name: 'Revoke' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('row', { name: /E2E integration/ })).toContainText('Revoked');
  const refused = await request.get('/api/v1/contracts', { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated' } });
});

test('the API reference page lists the documented endpoints and finishes loading', async ({
  page,
  request,
}) => {
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  // Every request the page starts must settle: a prefetch left hanging keeps the page "loading" forever.
  const pending = new Map<object, string>();
  page.on('request', (r) => pending.set(r, `${r.method()} ${r.url()} ${JSON.stringify(r.headers())}`));
  page.on('requestfinished', (r) => pending.delete(r));
  page.on('requestfailed', (r) => pending.delete(r));
  await open(page, '/api-docs');
  await page.waitForLoadState('networkidle', { timeout: 15_000 });
  expect([...pending.values()]).toEqual([]);
  await expect(page.getByRole('heading', { name: 'Pactum API reference' })).toBeVisible();
  for (const path of ['/contracts/{id}/approve', '/policy-holders/{id}/insurees', '/tokens'])
    await expect(page.getByRole('heading', { name: path, exact: true }).first()).toBeVisible();
  const count = Object.values(doc.paths as Record<string, object>).reduce(
    (n, p) => n + Object.keys(p).length,
    0,
  );
  await expect(page.locator('h3')).toHaveCount(count);
  await page.screenshot({ path: 'e2e/artifacts/screens/api-docs.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
});
