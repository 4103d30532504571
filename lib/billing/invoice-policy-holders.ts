import { and, eq, ilike, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contracts, policyHolders } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { contractScope, requireOp } from '../contracts/access';
import { type BulkResult, bulkContracts } from '../contracts/bulk';
import { STATE_CONFIG } from '../contracts/states';
import { err } from '../i18n/keyed';
import { containsPattern } from '../sql';
import { policyHolderIdList } from '../validation/ids';
import { parseInput } from '../validation/parse';

export const invoicePolicyHoldersInput = z
  .object({
    policyHolderIds: policyHolderIdList,
    filter: z.object({ q: z.string().trim().max(100).optional() }).optional(),
  })
  .refine((v) => !!v.policyHolderIds !== !!v.filter, {
    message: err('contracts.policyHoldersOrFilter'),
    path: ['policyHolderIds'],
  });

/**
 * UCP-1: invoices every executable or effective contract of the chosen policy holders (by ids, or every
 * policy holder a search selects). The right is checked before anything is read, the id list is
 * bounded, and the contracts are found with one statement in the actor's scope; each invoice is then
 * its own transaction (bulkContracts), reported per contract.
 */
export async function invoicePolicyHolders(db: DbOrTx, actor: Actor, input: unknown): Promise<BulkResult> {
  requireOp(actor, 'invoice');
  const data = parseInput(invoicePolicyHoldersInput, input);
  const q = data.filter?.q;
  const rows = await db
    .select({ id: contracts.id })
    .from(contracts)
    .innerJoin(policyHolders, eq(policyHolders.id, contracts.policyHolderId))
    .where(
      and(
        contractScope(actor),
        eq(contracts.isDeleted, false),
        eq(policyHolders.isDeleted, false),
        inArray(contracts.state, [...STATE_CONFIG.invoiceable]),
        data.policyHolderIds
          ? inArray(contracts.policyHolderId, data.policyHolderIds)
          : q
            ? or(
                ilike(policyHolders.code, containsPattern(q)),
                ilike(policyHolders.tradeName, containsPattern(q)),
              )
            : undefined,
      ),
    )
    .orderBy(policyHolders.code, contracts.code, contracts.amendment);
  if (!rows.length) return { succeeded: [], failed: [] };
  return bulkContracts(db, actor, 'invoice', { ids: rows.map((r) => r.id) });
}
