'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { resetPassword } from '@/lib/auth/account';
import { isDomainError } from '@/lib/errors';
import { err } from '@/lib/i18n/keyed';
import { localize } from '@/lib/i18n/localize';
import { getLocale } from '@/lib/i18n/server';

export type ResetState = { error?: string };

/** Sets the new password through a one-time link (a plain POST form: works without JavaScript). */
export async function resetPasswordAction(_previous: ResetState, form: FormData): Promise<ResetState> {
  const text = (name: string) => {
    // A server action is a public endpoint: anything may arrive, not only this form's FormData.
    const v = form instanceof FormData ? form.get(name) : null;
    return typeof v === 'string' ? v.slice(0, 1024) : '';
  };
  const locale = await getLocale().catch(() => 'en' as const);
  if (text('newPassword') !== text('confirm'))
    return { error: localize(err('auth.twoNewPasswordsDiffer'), locale) };
  try {
    await resetPassword(getDb(), { token: text('token'), newPassword: text('newPassword') });
  } catch (e) {
    if (isDomainError(e)) return { error: localize(e.keyedMessage, locale) };
    throw e;
  }
  redirect('/login?reset=1');
}
