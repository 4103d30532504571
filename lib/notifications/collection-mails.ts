import { formatAmount, formatDate, type Locale } from '../format';
import { currencyCode } from '../money';
import { UnfilledPlaceholderError } from './templates';

/**
 * Mails about direct debit (issue 14), recorded in the same outbox as the contract mails, in the policy
 * holder's language. Kept apart from the contract templates: they are about a policy holder's account,
 * not one contract.
 */
export type CollectionMailEvent = 'collection.pre_notification';
export type CollectionMailData = {
  recipientName: string;
  policyHolderName: string;
  /** Decimal string; ISO date. */
  amount: string;
  collectionDate: string;
  mandateReference: string;
  creditorId: string;
  ibanEnd: string;
};

const TEMPLATES: Record<Locale, Record<CollectionMailEvent, { subject: string; body: string }>> = {
  en: {
    'collection.pre_notification': {
      subject: 'Direct debit of {amount} on {collectionDate}',
      body: 'Dear {recipientName},\n\nOn {collectionDate} we will collect {amount} by SEPA direct debit from the account ending {ibanEnd} ({policyHolderName}), for the instalments due.\n\nMandate reference: {mandateReference}\nCreditor identifier: {creditorId}\n\nNo action is needed. Please make sure the account is funded on that date.\n\nKind regards,\nYour insurer, via Pactum',
    },
  },
  fr: {
    'collection.pre_notification': {
      subject: 'Prélèvement de {amount} le {collectionDate}',
      body: 'Bonjour {recipientName},\n\nLe {collectionDate}, nous prélèverons {amount} par prélèvement SEPA sur le compte se terminant par {ibanEnd} ({policyHolderName}), pour les échéances dues.\n\nRéférence unique de mandat : {mandateReference}\nIdentifiant créancier : {creditorId}\n\nVous n’avez rien à faire. Merci de veiller à ce que le compte soit approvisionné à cette date.\n\nCordialement,\nVotre assureur, via Pactum',
    },
  },
};

export const COLLECTION_MAIL_EVENTS = Object.keys(TEMPLATES.en) as CollectionMailEvent[];

export function renderCollectionMail(
  event: CollectionMailEvent,
  locale: Locale,
  data: CollectionMailData,
): { subject: string; body: string } {
  const values: Record<string, string> = {
    ...data,
    amount: formatAmount(data.amount, locale, currencyCode()),
    collectionDate: formatDate(data.collectionDate, locale),
  };
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = values[key];
      if (!value) throw new UnfilledPlaceholderError(`Template ${event}/${locale}: no value for {${key}}.`);
      return value;
    });
  const t = TEMPLATES[locale][event];
  return { subject: fill(t.subject), body: fill(t.body) };
}
