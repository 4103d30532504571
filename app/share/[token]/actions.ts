'use server';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { isDomainError } from '@/lib/errors';
import { localize } from '@/lib/i18n/localize';
import { getLocale } from '@/lib/i18n/server';
import { requestShareCode, verifyShareCode } from '@/lib/sharing/visit';
import { currentVisit, setShareCookie } from './visit';

export type ShareCodeState = { step: 'email' | 'code'; error?: string };

/*
 * The two steps of a link limited to one e-mail address. These actions are public (the visitor has no
 * account): the link's token is the only key, and the services check it, the address and the code.
 */
const field = (form: FormData, name: string) => {
  // A server action is a public endpoint: anything may arrive, not only this form's FormData.
  const v = form instanceof FormData ? form.get(name) : null;
  return typeof v === 'string' ? v.slice(0, 300) : '';
};

export async function requestShareCodeAction(
  _previous: ShareCodeState,
  form: FormData,
): Promise<ShareCodeState> {
  const locale = await getLocale().catch(() => 'en' as const);
  try {
    await requestShareCode(getDb(), field(form, 'token'), field(form, 'email'), {
      ...(await currentVisit()),
      locale,
    });
    return { step: 'code' };
  } catch (e) {
    if (isDomainError(e)) return { step: 'email', error: localize(e.keyedMessage, locale) };
    throw e;
  }
}

export async function verifyShareCodeAction(
  _previous: ShareCodeState,
  form: FormData,
): Promise<ShareCodeState> {
  const locale = await getLocale().catch(() => 'en' as const);
  const token = field(form, 'token');
  try {
    const { session, expiresAt } = await verifyShareCode(
      getDb(),
      token,
      field(form, 'code'),
      await currentVisit(),
    );
    await setShareCookie(token, session, expiresAt);
  } catch (e) {
    if (isDomainError(e)) return { step: 'code', error: localize(e.keyedMessage, locale) };
    throw e;
  }
  redirect(`/share/${encodeURIComponent(token)}`);
}
