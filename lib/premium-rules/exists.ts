import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { premiumRules } from '@/db/schema';
import { ValidationError } from '../errors';
import { err } from '../i18n/keyed';

/** A plan may name only a premium rule that exists (its versions are checked when a contract is valued). */
export async function assertPremiumRuleExists(tx: DbOrTx, code: string): Promise<void> {
  const [row] = await tx
    .select({ id: premiumRules.id })
    .from(premiumRules)
    .where(and(eq(premiumRules.code, code), eq(premiumRules.isDeleted, false)));
  if (!row) {
    const msg = err('premiumRules.ruleNotFound', { code });
    throw new ValidationError(msg, { 'params.rule': [msg] });
  }
}
