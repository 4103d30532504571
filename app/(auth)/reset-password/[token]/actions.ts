'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { resetPassword } from '@/lib/auth/account';
import { isDomainError } from '@/lib/errors';
import { getLocale } from '@/lib/i18n/server';
import { translateServerMessage } from '@/lib/i18n/server-messages';

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
    return { error: translateServerMessage('The two new passwords differ.', locale) };
  try {
    await resetPassword(getDb(), { token: text('token'), newPassword: text('newPassword') });
  } catch (e) {
    if (isDomainError(e)) return { error: translateServerMessage(e.message, locale) };
    throw e;
  }
  redirect('/login?reset=1');
}
