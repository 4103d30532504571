/*
 * French for the messages of SEPA direct debit and bank reconciliation (issue 14), merged into the
 * server message catalogue (server-messages.ts).
 */
export const COLLECTION_EXACT: Record<string, string> = {
  'The SEPA creditor settings are not set: an administrator enters them under Administration, Collection settings.':
    'Les paramètres de créancier SEPA ne sont pas renseignés : un administrateur les saisit sous Administration, Paramètres de prélèvement.',
  'Enter a valid IBAN of a SEPA country.': 'Saisissez un IBAN valide d’un pays SEPA.',
  'Enter a valid BIC (8 or 11 characters).': 'Saisissez un BIC valide (8 ou 11 caractères).',
  'Enter a valid SEPA creditor identifier (e.g. FR72ZZZ123456).':
    'Saisissez un identifiant créancier SEPA valide (par ex. FR72ZZZ123456).',
  'Pre-notification days must be a whole number from 0 to 60.':
    'Le délai de pré-notification doit être un nombre entier de 0 à 60 jours.',
  "The mandate reference uses letters, digits and + ? / - : ( ) . , ' only.":
    "La référence de mandat ne contient que lettres, chiffres et + ? / - : ( ) . , '.",
  'Scheme must be CORE or B2B.': 'Le schéma doit être CORE ou B2B.',
  'A new mandate is recurrent (FRST) or one-off (OOFF).':
    'Un nouveau mandat est récurrent (FRST) ou ponctuel (OOFF).',
  'Accept the mandate text to give the mandate.': 'Acceptez le texte du mandat pour le donner.',
  'Sequence must be FRST, RCUR, FNAL or OOFF.': 'La séquence doit être FRST, RCUR, FNAL ou OOFF.',
  'This policy holder already has an active mandate: revoke it before entering a new one.':
    'Ce souscripteur a déjà un mandat actif : révoquez-le avant d’en saisir un nouveau.',
  'This mandate reference is already used.': 'Cette référence de mandat est déjà utilisée.',
  'The signature date cannot be in the future.': 'La date de signature ne peut pas être dans le futur.',
  'Only an active mandate can be revoked.': 'Seul un mandat actif peut être révoqué.',
  'Only an active mandate can be changed.': 'Seul un mandat actif peut être modifié.',
  'This collection has already been returned.': 'Ce prélèvement a déjà été rejeté.',
  'This file is not a statement Pactum reads: give an ISO 20022 camt.053 or camt.054 file, or a CSV with the columns date, amount, counterparty, reference.':
    'Ce fichier n’est pas un relevé que Pactum sait lire : fournissez un fichier ISO 20022 camt.053 ou camt.054, ou un CSV avec les colonnes date, amount, counterparty, reference.',
  'Choose a statement file to import.': 'Choisissez un relevé à importer.',
  'The statement file is too large (20 MB at most).': 'Le relevé est trop volumineux (20 Mo au plus).',
  'Choose at least one installment.': 'Choisissez au moins une échéance.',
  'At most 50 installments.': 'Au plus 50 échéances.',
  'This bank line has already been reconciled.': 'Cette ligne bancaire a déjà été rapprochée.',
  'Only money received can be matched.': 'Seuls les encaissements peuvent être rapprochés.',
  'The parts must add up to the line’s amount.': 'La somme des parts doit égaler le montant de la ligne.',
  'Each installment can be chosen once.': 'Chaque échéance ne peut être choisie qu’une fois.',
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

export const COLLECTION_PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [
    /^The collection date must be on or after (\d{4}-\d{2}-\d{2}), so that the pre-notification reaches the policy holders in time\.$/,
    (_, d) =>
      `La date de prélèvement doit être le ${d} ou après, pour que la pré-notification parvienne à temps aux souscripteurs.`,
  ],
  [/^On or after (\d{4}-\d{2}-\d{2})\.$/, (_, d) => `Le ${d} ou après.`],
  [
    /^Line (\d+) of the CSV has no valid date or amount\.$/,
    (_, n) => `La ligne ${n} du CSV n’a pas de date ou de montant valide.`,
  ],
  [
    /^The parts add up to ([\d.]+); the line is ([\d.]+)\.$/,
    (_, a, b) => `Les parts totalisent ${a} ; la ligne est de ${b}.`,
  ],
];
