/**
 * Contract states (openIMIS policy holder contract). The lists of updatable and approvable states are
 * configuration in the specification; they are kept here, in one place.
 */
export const ContractState = {
  RequestForInformation: 1,
  Draft: 2,
  Offer: 3,
  Negotiable: 4,
  Executable: 5,
  Addendum: 6,
  Effective: 7,
  Executed: 8,
  Disputed: 9,
  Terminated: 10,
  Counter: 11,
} as const;
export type ContractStateCode = (typeof ContractState)[keyof typeof ContractState];

export const STATE_CONFIG = {
  updatable: [1, 2, 11] as readonly number[],
  approvable: [4] as readonly number[],
  amendable: [5, 7] as readonly number[],
  // The specification: amend and renew for every state but Terminated (and not a superseded Addendum).
  renewable: [5, 7] as readonly number[],
  terminable: [5, 7] as readonly number[],
  invoiceable: [5, 7] as readonly number[],
  deletable: [1, 2, 11, 4] as readonly number[],
};

export const STATES: Record<number, { name: string; en: string; fr: string }> = {
  1: { name: 'request_for_information', en: 'Request for information', fr: "Demande d'information" },
  2: { name: 'draft', en: 'Draft', fr: 'Brouillon' },
  3: { name: 'offer', en: 'Offer', fr: 'Offre' },
  4: { name: 'negotiable', en: 'Negotiable', fr: 'En négociation' },
  5: { name: 'executable', en: 'Executable', fr: 'Approuvé' },
  6: { name: 'addendum', en: 'Addendum', fr: 'Addendum' },
  7: { name: 'effective', en: 'Effective', fr: 'En cours' },
  8: { name: 'executed', en: 'Executed', fr: 'Exécuté' },
  9: { name: 'disputed', en: 'Disputed', fr: 'Contesté' },
  10: { name: 'terminated', en: 'Terminated', fr: 'Terminé' },
  11: { name: 'counter', en: 'Counter', fr: 'Révision demandée' },
};

export function stateLabel(code: number, lang: 'en' | 'fr' = 'en'): string {
  return STATES[code]?.[lang] ?? String(code);
}

export const isUpdatable = (s: number) => STATE_CONFIG.updatable.includes(s);
export const isApprovable = (s: number) => STATE_CONFIG.approvable.includes(s);

/** Days between approval and the payment due date (CONTRACT_PAYMENT_DUE_DAYS, default 30). */
export function paymentDueDays(): number {
  const n = Number(process.env.CONTRACT_PAYMENT_DUE_DAYS ?? 30);
  return Number.isInteger(n) && n >= 0 ? n : 30;
}
