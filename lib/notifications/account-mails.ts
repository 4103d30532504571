import type { Locale } from '../format';
import { UnfilledPlaceholderError } from './templates';

/** Mails about a user's account (not about a contract), recorded in the same outbox. */
export type AccountMailEvent = 'account.password_reset';
export type AccountMailData = { recipientName: string; link: string; minutes: string };

const TEMPLATES: Record<Locale, Record<AccountMailEvent, { subject: string; body: string }>> = {
  en: {
    'account.password_reset': {
      subject: 'Set a new Pactum password',
      body: 'Dear {recipientName},\n\nAn administrator asked for a new password for your Pactum account. Open this link to choose it:\n\n{link}\n\nThe link works once and expires in {minutes} minutes. Until you use it, your current password keeps working; once you use it, you are signed out everywhere and your API tokens are revoked.\n\nIf you did not expect this message, tell your administrator.\n\nKind regards,\nPactum',
    },
  },
  fr: {
    'account.password_reset': {
      subject: 'Choisir un nouveau mot de passe Pactum',
      body: 'Bonjour {recipientName},\n\nUn administrateur a demandé un nouveau mot de passe pour votre compte Pactum. Ouvrez ce lien pour le choisir :\n\n{link}\n\nLe lien ne sert qu’une fois et expire dans {minutes} minutes. Tant que vous ne l’utilisez pas, votre mot de passe actuel reste valable ; une fois utilisé, vous êtes déconnecté partout et vos jetons d’API sont révoqués.\n\nSi vous n’attendiez pas ce message, prévenez votre administrateur.\n\nCordialement,\nPactum',
    },
  },
};

export const ACCOUNT_MAIL_EVENTS = Object.keys(TEMPLATES.en) as AccountMailEvent[];

/** The message in the user's language, every placeholder filled (or an error, never a gap). */
export function renderAccountMail(
  event: AccountMailEvent,
  locale: Locale,
  data: AccountMailData,
): { subject: string; body: string } {
  const template = TEMPLATES[locale][event];
  const values = data as Record<string, string | undefined>;
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = values[key];
      if (!value) throw new UnfilledPlaceholderError(`Template ${event}/${locale}: no value for {${key}}.`);
      return value;
    });
  return { subject: fill(template.subject), body: fill(template.body) };
}
