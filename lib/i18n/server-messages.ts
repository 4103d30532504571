import { STATES } from '../contracts/states';
import type { Locale } from '../format';
import { COLLECTION_EXACT, COLLECTION_LABELS, COLLECTION_PATTERNS } from './collection-messages';

/*
 * French for the messages the services send back (validation, refusals, conflicts). The services speak
 * English, the language of the API and the logs; the UI surface translates at its edge (runAction), so
 * a rule keeps one wording in code. A test scans lib/ so that a new literal message without its French
 * fails the build instead of reaching a French user in English.
 */

const EXACT: Record<string, string> = {
  // Issue 14: dunning.
  ...COLLECTION_EXACT,
  // Issue 16: attachments and documents.
  // Issue 16: share links.
  // Issue 12: the receivables ledger.
  'Only open installments can be invoiced.': 'Seules les échéances non facturées peuvent être facturées.',
  // Issue 17: product settings on the product admin screens.
  'The person who started this job can no longer sign in.':
    'La personne qui a lancé ce traitement ne peut plus se connecter.',
  // Issue 11: who changes what, amendments, renewals, termination.
  // Issue 16: census import and webhooks.
  'The endpoint was deleted.': 'L’adresse de réception a été supprimée.',
  'The endpoint is disabled or deleted.': 'L’adresse de réception est désactivée ou supprimée.',
  'Webhook delivery not found.': 'Envoi de webhook introuvable.',
  // Issue 17: premium rules (formulas, rate tables, versions).
  'Division by zero in the formula.': 'Division par zéro dans la formule.',
  'The formula is empty.': 'La formule est vide.',
  'Contains characters that cannot be stored.':
    'Contient des caractères qui ne peuvent pas être enregistrés.',
  'Already covered for this period.': 'Déjà couvert pour cette période.',
  'Contract must be an id.': 'Le contrat doit être un identifiant.',
  'Select at most 100 000 contracts at a time, or use a filter.':
    'Sélectionnez au plus 100 000 contrats à la fois, ou utilisez un filtre.',
  'Give either ids or a filter.': 'Indiquez soit des identifiants, soit un filtre.',
  'Give policy holders or a filter.': 'Indiquez des souscripteurs ou un filtre.',
  'No insuree to cover in this period.': 'Aucun assuré à couvrir sur cette période.',
  'No recipient.': 'Aucun destinataire.',
  'Unexpected error.': 'Erreur inattendue.',
  'Unexpected error; nothing was changed for this contract.':
    'Erreur inattendue ; ce contrat n’a pas été modifié.',
  'Unknown field.': 'Champ inconnu.',
};

/** Field labels used inside templated messages ("Code is required."). */
const LABELS: Record<string, string> = {
  Level: 'Niveau',
  Fee: 'Frais',
  'Subject (English)': 'Objet (anglais)',
  'Letter (English)': 'Courrier (anglais)',
  'Subject (French)': 'Objet (français)',
  'Letter (French)': 'Courrier (français)',
  Day: 'Jour',
  'Hold until': 'Suspendre jusqu’au',
  Hold: 'Suspension des relances',
  ...COLLECTION_LABELS,
  'File name': 'Nom du fichier',
  'Leaving date': 'Date de départ',
  Endpoint: 'Adresse de réception',
  From: 'Du',
  To: 'Au',
  Invoice: 'Facture',
  Receipt: 'Encaissement',
  'Up to': 'Jusqu’au',
  Reason: 'Motif',
  Address: 'Adresse',
  Amount: 'Montant',
  'Calculation rule': 'Règle de calcul',
  Code: 'Code',
  Comment: 'Commentaire',
  Label: 'Libellé',
  'Test case name': 'Nom du cas de test',
  Formula: 'Formule',
  Description: 'Description',
  'Premium rule': 'Règle de prime',
  'Rule version': 'Version de règle',
  'Contact name': 'Nom du contact',
  Contract: 'Contrat',
  'Contract detail': 'Ligne de contrat',
  'Contribution plan': 'Plan de cotisation',
  'Contribution plan bundle': 'Ensemble de plans de cotisation',
  Date: 'Date',
  'Date of birth': 'Date de naissance',
  'E-mail': 'E-mail',
  Family: 'Famille',
  'First name': 'Prénom',
  'Grace period': 'Délai de grâce',
  'Billing frequency': 'Fréquence de facturation',
  Income: 'Revenu',
  'Insurance number': 'Numéro d’assurance',
  'Insurance period': 'Durée d’assurance',
  Insuree: 'Assuré',
  'Insuree line': 'Ligne d’assuré',
  'Last name': 'Nom',
  Name: 'Nom',
  'Payment reference': 'Référence de paiement',
  Periodicity: 'Périodicité',
  Phone: 'Téléphone',
  'Policy holder': 'Souscripteur',
  File: 'Fichier',
  'Share link': 'Lien de partage',
  'Credit note': 'Avoir',
  Document: 'Document',
  Product: 'Produit',
  Rate: 'Taux',
  'Receipt number': 'Numéro d’encaissement',
  'Termination date': 'Date de résiliation',
  'Received on': 'Reçu le',
  Record: 'Enregistrement',
  Search: 'Recherche',
  'Trade name': 'Raison sociale',
  User: 'Utilisateur',
  'Valid from': 'Valide du',
  'Valid to': 'Valide au',
  // "X not found." subjects
  'Contribution plan bundle link': 'Lien d’ensemble',
  Token: 'Jeton',
  'policy holder': 'souscripteur',
  contract: 'contrat',
  product: 'produit',
  insuree: 'assuré',
  'contribution plan': 'plan de cotisation',
  'contribution plan bundle': 'ensemble de plans de cotisation',
};

// Own keys only: a label or message can carry input ("constructor" is not a translation).
const own = (table: Record<string, string>, key: string) =>
  Object.hasOwn(table, key) ? table[key] : undefined;
const label = (l: string) => `« ${own(LABELS, l) ?? l} »`;
const state = (s: string) => Object.values(STATES).find((x) => x.en === s)?.fr ?? s;

const TYPES_FR: Record<string, string> = {
  'a number': 'un nombre',
  'a yes/no value': 'une valeur oui/non',
  'a text': 'un texte',
};
const typeFr = (t: string) => own(TYPES_FR, t) ?? t;

/** The formula errors (lib/calculation/formula.ts), without their position. */
const FORMULA: [RegExp, (...m: string[]) => string][] = [
  [/^Unknown name "(.+)"$/, (_, n) => `Nom inconnu « ${n} »`],
  [/^Unknown function "(.+)"$/, (_, n) => `Fonction inconnue « ${n} »`],
  [/^Unknown rate table "(.+)"$/, (_, n) => `Table de taux inconnue « ${n} »`],
  [/^Syntax error$/, () => 'Erreur de syntaxe'],
  [/^Expected (a number|a yes\/no value|a text)$/, (_, ty) => `Valeur attendue : ${typeFr(ty!)}`],
  [/^, found (.+)\.$/, (_, ty) => `, trouvé ${typeFr(ty!)}.`],
  [/^Write the multiplication explicitly with \*$/, () => 'Écrivez la multiplication avec *'],
  [
    /^The operator "(.+)" is not allowed in a formula$/,
    (_, o) => `L’opérateur « ${o} » n’est pas permis dans une formule`,
  ],
  [
    /^This construct \((.+)\) is not allowed in a formula$/,
    (_, c) => `Cette construction (${c}) n’est pas permise dans une formule`,
  ],
  [/^This value is not allowed in a formula$/, () => 'Cette valeur n’est pas permise dans une formule'],
  [/^Numbers in a formula must be below 1e12$/, () => 'Les nombres d’une formule sont inférieurs à 1e12'],
  [/^The formula is nested too deeply$/, () => 'La formule est trop imbriquée'],
  [/^(.+) is a function: write (.+)$/, (_, n, w) => `${n} est une fonction : écrivez ${w}`],
  [
    /^Both branches of "\? :" must give the same kind of value$/,
    () => 'Les deux branches de « ? : » doivent donner le même type de valeur',
  ],
  [/^Cannot compare (.+) with (.+)$/, (_, x, y) => `Impossible de comparer ${typeFr(x!)} avec ${typeFr(y!)}`],
  [
    /^The first argument of rate\(\) must be a table name in quotes$/,
    () => 'Le premier argument de rate() est un nom de table entre guillemets',
  ],
  [/^Rate table "(.+)" takes (\d+) keys?$/, (_, t, n) => `La table de taux « ${t} » prend ${n} clé(s)`],
  [
    /^(.+)\(\) takes (.+) arguments?$/,
    (_, f, n) => `${f}() prend ${n.replace('at least', 'au moins').replace(' to ', ' à ')} argument(s)`,
  ],
];
function translateFormula(part: string): string {
  for (const [re, fr] of FORMULA) {
    const m = part.match(re);
    if (m) return fr(...(m as unknown as string[]));
  }
  return part;
}

/** Templated messages: the sentence in French, with its label or state translated too. */
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  ...COLLECTION_PATTERNS,
  [
    /^The first row must name the columns; missing: (.+)\.$/,
    (_, c) => `La première ligne doit nommer les colonnes ; il manque : ${c}.`,
  ],
  [/^The list has more than (\d+) people\.$/, (_, n) => `La liste compte plus de ${n} personnes.`],
  [/^(.+) is required\.$/, (_, l) => `${label(l!)} est obligatoire.`],
  [/^(.+) not found(?: \(or already revoked\))?\.$/, (_, l) => `${label(l!)} : introuvable.`],
  [
    /^Only a submitted contract can be (approved|countered); this one is (.+)\.$/,
    (_, verb, s) =>
      `Seul un contrat soumis peut être ${verb === 'approved' ? 'approuvé' : 'renvoyé pour modification'} ; celui-ci est « ${state(s!)} ».`,
  ],
  // Issue 17: formula and rate table errors keep their names and positions.
  [
    /^(.*) at position (\d+)(.*)$/,
    (_, m, p, rest) => `${translateFormula(m!)} (position ${p})${translateFormula(rest!)}`,
  ],
  [
    /^The formula is too (long|complex) \(at most (\d+) (characters|terms)\)\.$/,
    (_, w, n) =>
      `La formule est trop ${w === 'long' ? 'longue' : 'complexe'} (au plus ${n} ${w === 'long' ? 'caractères' : 'termes'}).`,
  ],
  [
    /^The formula must give a number, not (.+)\.$/,
    (_, ty) => `La formule doit donner un nombre, pas ${typeFr(ty!)}.`,
  ],
  [/^The input "(.+)" has no value\.$/, (_, n) => `Le paramètre « ${n} » n’a pas de valeur.`],
  [/^The input "(.+)" must be (.+)\.$/, (_, n, k) => `Le paramètre « ${n} » doit être ${k}.`],
  [/^The input "(.+)" is declared twice\.$/, (_, n) => `Le paramètre « ${n} » est déclaré deux fois.`],
  [
    /^The rate table "(.+)" is defined twice\.$/,
    (_, n) => `La table de taux « ${n} » est définie deux fois.`,
  ],
  [
    /^Rate table "(.+)" has no (.+) band for (.+)\.$/,
    (_, t, d, v) => `La table « ${t} » n’a pas de tranche de ${d} pour ${v}.`,
  ],
  [/^Rate table "(.+)" has no (.+) "(.+)"\.$/, (_, t, d, v) => `La table « ${t} » n’a pas de ${d} « ${v} ».`],
  [/^Rate table "(.+?)": (.+)$/, (_, t, m) => `Table de taux « ${t} » : ${m}`],
];

export function translateServerMessage(message: string, locale: Locale): string {
  if (locale !== 'fr') return message;
  const exact = own(EXACT, message);
  if (exact) return exact;
  for (const [re, fr] of PATTERNS) {
    const m = message.match(re);
    if (m) return fr(...(m as unknown as string[]));
  }
  return message;
}

export function translateFieldErrors(
  errors: Record<string, string[]> | undefined,
  locale: Locale,
): Record<string, string[]> | undefined {
  if (!errors || locale !== 'fr') return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, v.map((m) => translateServerMessage(m, locale))]),
  );
}

export const SERVER_LABELS = Object.keys(LABELS);
