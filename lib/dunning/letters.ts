import { formatAmount, formatDate, type Locale } from '../format';
import { currencyCode, money } from '../money';

/** What a dunning letter may say; `{name}` in a level's subject or body. */
export const LETTER_PLACEHOLDERS = [
  'recipientName',
  'policyHolderName',
  'contract',
  'amountOverdue',
  'dueDate',
  'daysOverdue',
  'paymentReference',
  'stepDate',
  'fee',
  'level',
] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];

export type LetterData = {
  recipientName: string;
  policyHolderName: string;
  contractCode: string;
  amountOverdue: string;
  dueDate: string;
  daysOverdue: number;
  paymentReference: string | null;
  stepDate: string;
  fee: string | null;
  level: string;
};

/** The placeholders of a text that are not in the list (refused when a level is saved). */
export function unknownPlaceholders(text: string): string[] {
  const found = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return [...new Set(found.filter((p) => !(LETTER_PLACEHOLDERS as readonly string[]).includes(p)))];
}

const SIGN: Record<Locale, string> = {
  en: '\n\nKind regards,\nYour insurer, via Pactum',
  fr: '\n\nCordialement,\nVotre assureur, via Pactum',
};

const REGISTERED: Record<Locale, string> = {
  en: 'REGISTERED LETTER\n\n',
  fr: 'LETTRE RECOMMANDÉE\n\n',
};

/**
 * A level's letter in one language, every placeholder filled: amounts and dates in the language's
 * format, the fee as "0.00" when the level has none, the payment reference the contract code when the
 * contract has none of its own (as the other mails do).
 */
export function renderLetter(
  template: { subject: string; body: string },
  locale: Locale,
  data: LetterData,
  registered: boolean,
): { subject: string; body: string } {
  const currency = currencyCode();
  const values: Record<LetterPlaceholder, string> = {
    recipientName: data.recipientName,
    policyHolderName: data.policyHolderName,
    contract: data.contractCode,
    amountOverdue: formatAmount(data.amountOverdue, locale, currency),
    dueDate: formatDate(data.dueDate, locale),
    daysOverdue: String(data.daysOverdue),
    paymentReference: data.paymentReference || data.contractCode,
    stepDate: formatDate(data.stepDate, locale),
    fee: formatAmount(money(data.fee ?? 0).toFixed(2), locale, currency),
    level: data.level,
  };
  const fill = (text: string) =>
    text.replace(/\{(\w+)\}/g, (whole, key: string) =>
      key in values ? values[key as LetterPlaceholder] : whole,
    );
  return {
    subject: fill(template.subject),
    body: (registered ? REGISTERED[locale] : '') + fill(template.body) + SIGN[locale],
  };
}

/** The mail that tells a policy holder its cover runs again (fixed texts, like the other event mails). */
export function reinstatementMail(
  locale: Locale,
  data: { recipientName: string; contractCode: string; policyHolderName: string; date: string },
): { subject: string; body: string } {
  const date = formatDate(data.date, locale);
  return locale === 'fr'
    ? {
        subject: `Contrat ${data.contractCode} : couverture rétablie`,
        body: `Bonjour ${data.recipientName},\n\nNous avons reçu votre paiement : l’arriéré du contrat ${data.contractCode} (${data.policyHolderName}) est réglé et la couverture est rétablie à compter du ${date}.${SIGN.fr}`,
      }
    : {
        subject: `Contract ${data.contractCode}: cover reinstated`,
        body: `Dear ${data.recipientName},\n\nWe have received your payment: the arrears of contract ${data.contractCode} (${data.policyHolderName}) are paid and the cover is reinstated from ${date}.${SIGN.en}`,
      };
}

/** Default levels for a product (the demo data and a product's "Add the default levels"). */
export const DEFAULT_LEVELS: {
  name: string;
  daysAfterDue: number;
  action: 'letter' | 'suspend' | 'terminate';
  registered: boolean;
  fee: string | null;
  subjectEn: string;
  bodyEn: string;
  subjectFr: string;
  bodyFr: string;
}[] = [
  {
    name: 'Reminder',
    daysAfterDue: 10,
    action: 'letter',
    registered: false,
    fee: null,
    subjectEn: 'Payment reminder: contract {contract}',
    bodyEn:
      'Dear {recipientName},\n\nOur records show that {amountOverdue} for contract {contract} ({policyHolderName}), due on {dueDate}, is still unpaid ({daysOverdue} days).\n\nPlease pay it with the payment reference {paymentReference}. If you have paid in the meantime, please disregard this letter.',
    subjectFr: 'Rappel de paiement : contrat {contract}',
    bodyFr:
      'Bonjour {recipientName},\n\nSauf erreur de notre part, la somme de {amountOverdue} due le {dueDate} pour le contrat {contract} ({policyHolderName}) reste impayée ({daysOverdue} jours).\n\nMerci de la régler avec la référence de paiement {paymentReference}. Si vous avez payé entre-temps, merci de ne pas tenir compte de ce courrier.',
  },
  {
    name: 'Formal notice',
    daysAfterDue: 30,
    action: 'letter',
    registered: true,
    fee: '15.00',
    subjectEn: 'Formal notice to pay: contract {contract}',
    bodyEn:
      'Dear {recipientName},\n\nDespite our reminder, {amountOverdue} for contract {contract} ({policyHolderName}), due on {dueDate}, is still unpaid. We formally ask you to pay it with the payment reference {paymentReference}.\n\nWithout payment, the cover will be suspended, then the contract terminated for non-payment. A fee of {fee} is charged for this notice.',
    subjectFr: 'Mise en demeure de payer : contrat {contract}',
    bodyFr:
      'Bonjour {recipientName},\n\nMalgré notre rappel, la somme de {amountOverdue} due le {dueDate} pour le contrat {contract} ({policyHolderName}) reste impayée. Nous vous mettons en demeure de la régler avec la référence de paiement {paymentReference}.\n\nÀ défaut de paiement, la couverture sera suspendue, puis le contrat résilié pour non-paiement. Des frais de {fee} sont appliqués pour cette mise en demeure.',
  },
  {
    name: 'Suspension of cover',
    daysAfterDue: 45,
    action: 'suspend',
    registered: true,
    fee: null,
    subjectEn: 'Cover suspended: contract {contract}',
    bodyEn:
      'Dear {recipientName},\n\n{amountOverdue} for contract {contract} ({policyHolderName}) is still unpaid. The cover is suspended from {stepDate}: claims for events from that day are not covered.\n\nThe cover is reinstated as soon as the arrears are paid (payment reference {paymentReference}).',
    subjectFr: 'Couverture suspendue : contrat {contract}',
    bodyFr:
      'Bonjour {recipientName},\n\nLa somme de {amountOverdue} pour le contrat {contract} ({policyHolderName}) reste impayée. La couverture est suspendue à compter du {stepDate} : les sinistres survenus à partir de cette date ne sont pas couverts.\n\nLa couverture est rétablie dès le règlement de l’arriéré (référence de paiement {paymentReference}).',
  },
  {
    name: 'Termination',
    daysAfterDue: 60,
    action: 'terminate',
    registered: true,
    fee: null,
    subjectEn: 'Contract {contract} terminated for non-payment',
    bodyEn:
      'Dear {recipientName},\n\n{amountOverdue} for contract {contract} ({policyHolderName}) remains unpaid despite our letters. The contract and its cover end on {stepDate} for non-payment.\n\nThe arrears remain due (payment reference {paymentReference}).',
    subjectFr: 'Contrat {contract} résilié pour non-paiement',
    bodyFr:
      'Bonjour {recipientName},\n\nLa somme de {amountOverdue} pour le contrat {contract} ({policyHolderName}) reste impayée malgré nos courriers. Le contrat et sa couverture prennent fin le {stepDate} pour non-paiement.\n\nL’arriéré reste dû (référence de paiement {paymentReference}).',
  },
];
