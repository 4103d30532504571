import type { Page } from '@playwright/test';

/** Opens a page and waits until React has hydrated it (see components/providers.tsx). */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-hydrated="true"]');
}
