import type { DbOrTx } from '@/db/client';
import { isDomainError } from '../errors';
import { toMoneyString } from '../money';
import { STATE_CONFIG } from './states';
import { valuate } from './valuation-data';

export type RateNote = { recorded: string; current: string } | { error: string } | null;

/**
 * Issue 17: a rule or rate change never changes an approved contract, but a contract not yet approved is
 * valued with the rates of today when it is approved. When those differ from the figure recorded on the
 * contract (a new rule version, a changed plan rate), the card says so, with both figures. Takes a
 * contract its caller has already read through the scoped service (getContract).
 */
export async function rateChangeNote(
  db: DbOrTx,
  contract: {
    id: string;
    state: number;
    isDeleted: boolean;
    dateValidFrom: string;
    dateValidTo: string;
    amountGross: string | null;
  },
): Promise<RateNote> {
  const open = [...STATE_CONFIG.updatable, ...STATE_CONFIG.approvable];
  if (contract.isDeleted || !open.includes(contract.state) || contract.amountGross === null) return null;
  try {
    const { total } = await valuate(db, contract);
    const current = toMoneyString(total);
    return current === contract.amountGross ? null : { recorded: contract.amountGross, current };
  } catch (e) {
    // No version valid at the start, a missing input…: shown, so the editor can fix it before approval.
    if (isDomainError(e)) return { error: e.keyedMessage };
    throw e;
  }
}
