import type { Locator, Page } from '@playwright/test';

/** Opens a page and waits until React has hydrated it (see components/providers.tsx). */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('html[data-hydrated="true"]');
}

/**
 * Types a date into a localized date picker (components/date-input.tsx) the way a person does with the
 * keyboard: focus the field, clear it, type the digits in the order of the language's format (day, month,
 * year in French; year, month, day in English). `iso` is YYYY-MM-DD.
 */
export async function fillDate(
  scope: Page | Locator,
  label: string | RegExp,
  iso: string,
  locale: 'en' | 'fr' = 'en',
): Promise<void> {
  const page = 'page' in scope ? scope.page() : scope;
  const group = scope.getByRole('group', { name: label, exact: typeof label === 'string' });
  await group.getByRole('spinbutton').first().click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  const [y, m, d] = iso.split('-');
  await page.keyboard.type(locale === 'fr' ? `${d}${m}${y}` : `${y}${m}${d}`);
}
