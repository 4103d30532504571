import { and, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contracts, policyHolders } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { ForbiddenError, isDomainError } from '../errors';
import { err } from '../i18n/keyed';
import { searchPolicyHolders } from '../policy-holders/policy-holders';
import { isoDate } from '../validation/common';
import { policyHolderIdList } from '../validation/ids';
import { parseInput } from '../validation/parse';
import { requireOp } from './access';
import { createContract } from './contracts';
import { ContractState } from './states';
import { policyHolderLinesFor } from './valuation-data';

export const generateInput = z
  .object({
    policyHolderIds: policyHolderIdList,
    filter: z.object({ q: z.string().optional() }).optional(),
    dateValidFrom: isoDate('validFrom'),
    dateValidTo: isoDate('validTo'),
  })
  .refine((v) => v.dateValidTo >= v.dateValidFrom, {
    message: err('validToAfterFrom'),
    path: ['dateValidTo'],
  })
  .refine((v) => !!v.policyHolderIds !== !!v.filter, {
    message: err('contracts.policyHoldersOrFilter'),
    path: ['policyHolderIds'],
  });

/** Reasons and failure messages are keyed (lib/i18n/keyed): each edge renders them for its reader. */
export type GenerateResult = {
  created: { policyHolderId: string; contractId: string; code: string }[];
  skipped: { policyHolderId: string; code: string; reason: string }[];
  failed: { policyHolderId: string; code: string; error: { code: string; message: string } }[];
};

/**
 * UC3-1: contracts for many policy holders and one period, each in its own transaction. A policy
 * holder already covered for (part of) the period by a live contract, or with no insuree to cover, is
 * skipped with the reason.
 */
export async function generateContracts(db: DbOrTx, actor: Actor, input: unknown): Promise<GenerateResult> {
  // An insurer's run over many employers: a portal user's create right is for its own drafts only, and
  // this reads policy holders by id before any per-holder check (their codes would be in the report).
  if (actor.isPortal) throw new ForbiddenError();
  requireOp(actor, 'create');
  const data = parseInput(generateInput, input);
  let ids = data.policyHolderIds;
  if (!ids) {
    const all = await searchPolicyHolders(db, actor, { q: data.filter?.q ?? '', pageSize: '100' });
    ids = all.items.map((p) => p.id);
    for (let page = 2; ids.length < all.total; page++) {
      const more = await searchPolicyHolders(db, actor, {
        q: data.filter?.q ?? '',
        pageSize: '100',
        page: String(page),
      });
      if (!more.items.length) break;
      ids.push(...more.items.map((p) => p.id));
    }
  }
  const holders = ids.length
    ? await db
        .select({ id: policyHolders.id, code: policyHolders.code })
        .from(policyHolders)
        .where(and(inArray(policyHolders.id, ids), eq(policyHolders.isDeleted, false)))
    : [];
  const covered = new Set(
    (holders.length
      ? await db
          .selectDistinct({ id: contracts.policyHolderId })
          .from(contracts)
          .where(
            and(
              inArray(
                contracts.policyHolderId,
                holders.map((h) => h.id),
              ),
              eq(contracts.isDeleted, false),
              ne(contracts.state, ContractState.Terminated),
              lte(contracts.dateValidFrom, data.dateValidTo),
              gte(contracts.dateValidTo, data.dateValidFrom),
            ),
          )
      : []
    ).map((r) => r.id),
  );
  const result: GenerateResult = { created: [], skipped: [], failed: [] };
  for (const ph of holders) {
    if (covered.has(ph.id)) {
      result.skipped.push({
        policyHolderId: ph.id,
        code: ph.code,
        reason: err('contracts.alreadyCoveredPeriod'),
      });
      continue;
    }
    const lines = await policyHolderLinesFor(db, ph.id, { from: data.dateValidFrom, to: data.dateValidTo });
    if (!lines.length) {
      result.skipped.push({
        policyHolderId: ph.id,
        code: ph.code,
        reason: err('contracts.noInsureeToCover'),
      });
      continue;
    }
    const base = `${ph.code}-${data.dateValidFrom}`.slice(0, 60);
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(contracts)
      .where(
        and(
          sql`${contracts.code} like ${`${base}%`}`,
          eq(contracts.amendment, 0),
          eq(contracts.isDeleted, false),
        ),
      );
    const code = n ? `${base}-${n + 1}` : base;
    try {
      const c = await createContract(db, actor, {
        code,
        policyHolderId: ph.id,
        dateValidFrom: data.dateValidFrom,
        dateValidTo: data.dateValidTo,
      });
      result.created.push({ policyHolderId: ph.id, contractId: c.id, code: c.code });
    } catch (e) {
      if (!isDomainError(e)) console.error('[generate contracts]', ph.code, e);
      result.failed.push({
        policyHolderId: ph.id,
        code: ph.code,
        error: isDomainError(e)
          ? { code: e.code, message: e.keyedMessage }
          : { code: 'internal', message: err('jobs.unexpected') },
      });
    }
  }
  return result;
}
