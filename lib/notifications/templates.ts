import { formatAmount, formatDate, type Locale } from '../format';
import { currencyCode, money } from '../money';

export type MailEvent =
  | 'contract.approved'
  | 'contract.countered'
  | 'contract.effective'
  | 'contract.terminated'
  | 'invoice.issued'
  | 'comment.added';

/** What a template may say. Money is a decimal string, dates ISO; they are formatted for the language. */
export type MailData = {
  recipientName: string;
  contractCode: string;
  amendment: number;
  policyHolderName: string;
  amountDue?: string | null;
  paymentReference?: string | null;
  datePaymentDue?: string | null;
  dateValidFrom?: string | null;
  dateValidTo?: string | null;
  reason?: string | null;
  invoiceNumber?: string | null;
  invoiceTotal?: string | null;
  /** Manual termination: the last day of cover, and the credit it gave back (negative), if any. */
  dateTerminated?: string | null;
  credit?: string | null;
  authorName?: string | null;
  authorSide?: 'insurer' | 'policy_holder' | null;
  comment?: string | null;
};

type Template = { subject: string; body: string };

/** Every mail's signature, after its body. */
const SIGN: Record<Locale, string> = {
  en: '\n\nKind regards,\nYour insurer, via Pactum',
  fr: '\n\nCordialement,\nVotre assureur, via Pactum',
};

/**
 * One template per event and language. `{name}` placeholders are filled by `renderMail`, which refuses
 * to produce a message with a placeholder left in it (the original specification's French approval
 * e-mail went out with its amount placeholder unfilled).
 */
const TEMPLATES: Record<Locale, Record<MailEvent, Template>> = {
  en: {
    'contract.approved': {
      subject: 'Payment notification: contract {contract}',
      body: 'Dear {recipientName},\n\nYour contract {contract} ({policyHolderName}) has been approved.\n\nAmount due: {amountDue}\nPayment reference: {paymentReference}\nDue date: {datePaymentDue}\n\nPlease quote the payment reference with your payment. The cover starts once the payment is received.',
    },
    'contract.countered': {
      subject: 'Update required: contract {contract}',
      body: 'Dear {recipientName},\n\nYour contract {contract} ({policyHolderName}) needs changes before it can be approved.\n\nReason: {reason}\n\nPlease update the contract and submit it again.',
    },
    'contract.effective': {
      subject: 'Contract {contract} is effective',
      body: 'Dear {recipientName},\n\nWe have received your payment: contract {contract} ({policyHolderName}) is now effective, from {dateValidFrom} to {dateValidTo}.',
    },
    'contract.terminated': {
      subject: 'Contract {contract} is terminated',
      body: 'Dear {recipientName},\n\nContract {contract} ({policyHolderName}) has been terminated.\n\nReason: {reason}',
    },
    'invoice.issued': {
      subject: 'Invoice {invoiceNumber} for contract {contract}',
      body: 'Dear {recipientName},\n\nInvoice {invoiceNumber} for contract {contract} ({policyHolderName}) has been issued.\n\nTotal: {invoiceTotal}\nPayment reference: {paymentReference}',
    },
    'comment.added': {
      subject: 'New comment on contract {contract}',
      body: 'Dear {recipientName},\n\n{authorName} ({authorSide}) wrote on contract {contract} ({policyHolderName}):\n\n{comment}',
    },
  },
  fr: {
    'contract.approved': {
      subject: 'Avis de paiement : contrat {contract}',
      body: 'Bonjour {recipientName},\n\nVotre contrat {contract} ({policyHolderName}) a été approuvé.\n\nMontant dû : {amountDue}\nRéférence de paiement : {paymentReference}\nDate d’échéance : {datePaymentDue}\n\nMerci d’indiquer la référence de paiement avec votre règlement. La couverture commence à réception du paiement.',
    },
    'contract.countered': {
      subject: 'Modification demandée : contrat {contract}',
      body: 'Bonjour {recipientName},\n\nVotre contrat {contract} ({policyHolderName}) doit être modifié avant de pouvoir être approuvé.\n\nMotif : {reason}\n\nMerci de mettre le contrat à jour et de le soumettre à nouveau.',
    },
    'contract.effective': {
      subject: 'Le contrat {contract} est en vigueur',
      body: 'Bonjour {recipientName},\n\nNous avons reçu votre paiement : le contrat {contract} ({policyHolderName}) est en vigueur du {dateValidFrom} au {dateValidTo}.',
    },
    'contract.terminated': {
      subject: 'Le contrat {contract} est résilié',
      body: 'Bonjour {recipientName},\n\nLe contrat {contract} ({policyHolderName}) a été résilié.\n\nMotif : {reason}',
    },
    'invoice.issued': {
      subject: 'Facture {invoiceNumber} pour le contrat {contract}',
      body: 'Bonjour {recipientName},\n\nLa facture {invoiceNumber} du contrat {contract} ({policyHolderName}) a été émise.\n\nTotal : {invoiceTotal}\nRéférence de paiement : {paymentReference}',
    },
    'comment.added': {
      subject: 'Nouveau commentaire sur le contrat {contract}',
      body: 'Bonjour {recipientName},\n\n{authorName} ({authorSide}) a écrit sur le contrat {contract} ({policyHolderName}) :\n\n{comment}',
    },
  },
};

export const MAIL_EVENTS = Object.keys(TEMPLATES.en) as MailEvent[];

type Variant = 'approvedSettled' | 'approvedCredit' | 'terminatedOn' | 'terminatedOnCredit';

/**
 * Variants chosen by the data: an approval that leaves nothing to pay (an amendment covered by what the
 * chain received) or gives a credit must not ask for a payment; a termination says when the cover ends.
 */
const VARIANTS: Record<Locale, Record<Variant, Template>> = {
  en: {
    approvedSettled: {
      subject: 'Contract {contract} approved: nothing to pay',
      body: 'Dear {recipientName},\n\nYour contract {contract} ({policyHolderName}) has been approved.\n\nThere is nothing to pay: what you have already paid covers it. Your cover continues.',
    },
    approvedCredit: {
      subject: 'Contract {contract} approved: credit in your favour',
      body: 'Dear {recipientName},\n\nYour contract {contract} ({policyHolderName}) has been approved.\n\nThere is nothing to pay: what you have already paid covers it, and a credit of {credit} is recorded in your favour. Your cover continues.',
    },
    terminatedOn: {
      subject: 'Contract {contract} is terminated',
      body: 'Dear {recipientName},\n\nContract {contract} ({policyHolderName}) has been terminated. The cover ends on {dateTerminated}.\n\nReason: {reason}',
    },
    terminatedOnCredit: {
      subject: 'Contract {contract} is terminated',
      body: 'Dear {recipientName},\n\nContract {contract} ({policyHolderName}) has been terminated. The cover ends on {dateTerminated}.\nA credit of {credit} is recorded in your favour for the period no longer covered.\n\nReason: {reason}',
    },
  },
  fr: {
    approvedSettled: {
      subject: 'Contrat {contract} approuvé : rien à payer',
      body: 'Bonjour {recipientName},\n\nVotre contrat {contract} ({policyHolderName}) a été approuvé.\n\nVous n’avez rien à payer : vos paiements précédents le couvrent. Votre couverture continue.',
    },
    approvedCredit: {
      subject: 'Contrat {contract} approuvé : avoir en votre faveur',
      body: 'Bonjour {recipientName},\n\nVotre contrat {contract} ({policyHolderName}) a été approuvé.\n\nVous n’avez rien à payer : vos paiements précédents le couvrent, et un avoir de {credit} est enregistré en votre faveur. Votre couverture continue.',
    },
    terminatedOn: {
      subject: 'Le contrat {contract} est résilié',
      body: 'Bonjour {recipientName},\n\nLe contrat {contract} ({policyHolderName}) a été résilié. La couverture prend fin le {dateTerminated}.\n\nMotif : {reason}',
    },
    terminatedOnCredit: {
      subject: 'Le contrat {contract} est résilié',
      body: 'Bonjour {recipientName},\n\nLe contrat {contract} ({policyHolderName}) a été résilié. La couverture prend fin le {dateTerminated}.\nUn avoir de {credit} est enregistré en votre faveur pour la période qui n’est plus couverte.\n\nMotif : {reason}',
    },
  },
};

function templateFor(event: MailEvent, locale: Locale, data: MailData): Template {
  if (event === 'contract.approved' && data.amountDue != null && !money(data.amountDue).greaterThan(0)) {
    return VARIANTS[locale][money(data.amountDue).isZero() ? 'approvedSettled' : 'approvedCredit'];
  }
  if (event === 'contract.terminated' && data.dateTerminated) {
    return VARIANTS[locale][data.credit ? 'terminatedOnCredit' : 'terminatedOn'];
  }
  return TEMPLATES[locale][event];
}

const WORDS: Record<Locale, { noReason: string; insurer: string; policyHolder: string; amendment: string }> =
  {
    en: {
      noReason: 'no reason given',
      insurer: 'insurer',
      policyHolder: 'policy holder',
      amendment: 'amendment',
    },
    fr: {
      noReason: 'aucun motif indiqué',
      insurer: 'assureur',
      policyHolder: 'souscripteur',
      amendment: 'avenant',
    },
  };

export class UnfilledPlaceholderError extends Error {}

/**
 * An event's template in a language as it stands (`{name}` placeholders, the signature appended) and the
 * word for an amendment: what a set-based render fills in SQL (lib/notifications/events.ts,
 * `writeInvoiceMails`), the same text as `renderMail` (a test compares them). The event's one template:
 * `templateFor` has variants for other events only.
 */
export function rawTemplate(event: MailEvent, locale: Locale) {
  const t = TEMPLATES[locale][event];
  return {
    subject: t.subject,
    body: t.body + SIGN[locale],
    amendmentWord: WORDS[locale].amendment,
  };
}

/** The message for an event in a language, every placeholder filled; throws rather than send a gap. */
export function renderMail(
  event: MailEvent,
  locale: Locale,
  data: MailData,
): { subject: string; body: string } {
  const w = WORDS[locale];
  const template = templateFor(event, locale, data);
  const currency = currencyCode();
  const credit = data.credit ?? (data.amountDue != null ? data.amountDue : null);
  const contract =
    data.amendment > 0 ? `${data.contractCode} (${w.amendment} ${data.amendment})` : data.contractCode;
  const values: Record<string, string | null | undefined> = {
    recipientName: data.recipientName,
    contract,
    policyHolderName: data.policyHolderName,
    amountDue: data.amountDue != null ? formatAmount(data.amountDue, locale, currency) : null,
    credit: credit != null ? formatAmount(money(credit).abs().toFixed(2), locale, currency) : null,
    // Without a reference of its own, a payment is matched by the contract code.
    paymentReference: data.paymentReference || data.contractCode,
    datePaymentDue: data.datePaymentDue ? formatDate(data.datePaymentDue, locale) : null,
    dateValidFrom: data.dateValidFrom ? formatDate(data.dateValidFrom, locale) : null,
    dateValidTo: data.dateValidTo ? formatDate(data.dateValidTo, locale) : null,
    reason: data.reason?.trim() || w.noReason,
    invoiceNumber: data.invoiceNumber,
    invoiceTotal: data.invoiceTotal != null ? formatAmount(data.invoiceTotal, locale, currency) : null,
    dateTerminated: data.dateTerminated ? formatDate(data.dateTerminated, locale) : null,
    authorName: data.authorName,
    authorSide: data.authorSide === 'policy_holder' ? w.policyHolder : data.authorSide ? w.insurer : null,
    comment: data.comment,
  };
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = values[key];
      if (value === null || value === undefined || value === '')
        throw new UnfilledPlaceholderError(`Template ${event}/${locale}: no value for {${key}}.`);
      return value;
    });
  return {
    subject: fill(template.subject),
    body: fill(template.body) + SIGN[locale],
  };
}
