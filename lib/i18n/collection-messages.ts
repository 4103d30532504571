/*
 * French for the messages of SEPA direct debit and bank reconciliation (issue 14), merged into the
 * server message catalogue (server-messages.ts).
 */
export const COLLECTION_EXACT: Record<string, string> = {
  'The policy holder has no e-mail address.': 'Le souscripteur n’a pas d’adresse e-mail.',
};

export const COLLECTION_LABELS: Record<string, string> = {
  'Creditor identifier': 'Identifiant créancier',
  'Creditor name': 'Nom du créancier',
  IBAN: 'IBAN',
  BIC: 'BIC',
  'Return fee': 'Frais de rejet',
  'Mandate reference': 'Référence de mandat',
  'Account holder': 'Titulaire du compte',
  'Signed on': 'Signé le',
  Mandate: 'Mandat',
  'Collection date': 'Date de prélèvement',
  'Bank line': 'Ligne bancaire',
  Installment: 'Échéance',
  Note: 'Note',
  'Collection file': 'Fichier de prélèvement',
  'Collection item': 'Élément de prélèvement',
};

export const COLLECTION_PATTERNS: [RegExp, (...m: string[]) => string][] = [];
