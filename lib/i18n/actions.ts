'use server';
import { cookies } from 'next/headers';
import { LOCALE_COOKIE, type Locale } from './messages';

/** Remembers the UI language for a year (no personal data: just en or fr). */
export async function setLocaleAction(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale === 'fr' ? 'fr' : 'en', {
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    sameSite: 'lax',
  });
}
