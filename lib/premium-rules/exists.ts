import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { premiumRules } from '@/db/schema';
import { ValidationError } from '../errors';

/** A plan may name only a premium rule that exists (its versions are checked when a contract is valued). */
export async function assertPremiumRuleExists(tx: DbOrTx, code: string): Promise<void> {
  const [row] = await tx
    .select({ id: premiumRules.id })
    .from(premiumRules)
    .where(and(eq(premiumRules.code, code), eq(premiumRules.isDeleted, false)));
  if (!row) {
    const msg = `Premium rule "${code}" not found.`;
    throw new ValidationError(msg, { 'params.rule': [msg] });
  }
}
