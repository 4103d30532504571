import { cookies } from 'next/headers';
import { LOCALE_COOKIE, type Locale, type Translate, translate } from './messages';

/** The UI language: the user's choice (a cookie set by the language switch), English by default. */
export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return value === 'fr' ? 'fr' : 'en';
}

export async function getTranslator(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getLocale();
  return { locale, t: ((key, ...args) => translate(locale, key, ...args)) as Translate };
}
