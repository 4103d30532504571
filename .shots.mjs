import { chromium } from '@playwright/test';

const base = 'http://localhost:3200';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
async function login(email) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.waitForSelector('html[data-hydrated]');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('demo1234');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}
const shots = process.argv.slice(2);
const p = await login('portal@demo.test');
await p.goto(base + '/portal');
await p.waitForSelector('html[data-hydrated]');
await p.screenshot({ path: '/tmp/shots/portal-home.png', fullPage: true });
const href = await p.getByRole('link', { name: /ACME/ }).first().getAttribute('href');
await p.goto(base + href + '?tab=comments');
await p.waitForSelector('html[data-hydrated]');
await p.screenshot({ path: '/tmp/shots/portal-card-comments.png', fullPage: true });
await p.goto(base + href + '?tab=payments');
await p.waitForSelector('html[data-hydrated]');
await p.screenshot({ path: '/tmp/shots/portal-card-payments.png', fullPage: true });
await p.goto(base + '/portal/insurees');
await p.waitForSelector('html[data-hydrated]');
await p.screenshot({ path: '/tmp/shots/portal-insurees.png', fullPage: true });
const a = await login('admin@demo.test');
await a.goto(base + '/admin/outbox');
await a.waitForSelector('html[data-hydrated]');
await a.locator('summary').first().click();
await a.screenshot({ path: '/tmp/shots/outbox.png', fullPage: true });
await a.goto(base + href.replace('/portal', '') + '?tab=comments');
await a.waitForSelector('html[data-hydrated]');
await a.screenshot({ path: '/tmp/shots/staff-comments.png', fullPage: true });
await browser.close();
