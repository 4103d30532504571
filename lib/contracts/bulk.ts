import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import type { Actor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { isDomainError } from '../errors';
import { parseInput } from '../validation/parse';
import { requireOp } from './access';
import { contractIdsFor } from './search';
import { approveContract, counterContract } from './transitions';

export const BULK_OPS = ['approve', 'counter', 'invoice'] as const;
export type BulkOp = (typeof BULK_OPS)[number];

export const bulkInput = z
  .object({
    ids: z.array(z.string().uuid()).max(100_000).optional(),
    filter: z.record(z.string(), z.unknown()).optional(),
    comment: z.string().trim().max(5000).optional(),
  })
  .refine((v) => !!v.ids !== !!v.filter, { message: 'Give either ids or a filter.', path: ['ids'] });

export type BulkResult = {
  succeeded: string[];
  failed: { id: string; error: { code: string; message: string } }[];
};

/**
 * Runs one operation over many contracts, each in its own transaction so one bad contract does not stop
 * the rest; a few run side by side (bounded by the connection pool). Reports per contract.
 */
export async function bulkContracts(
  db: DbOrTx,
  actor: Actor,
  op: BulkOp,
  input: unknown,
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<BulkResult> {
  requireOp(actor, op === 'invoice' ? 'invoice' : 'approve');
  const data = parseInput(bulkInput, input);
  const ids = data.ids ? [...new Set(data.ids)] : await contractIdsFor(db, actor, data.filter ?? {});
  const run = (id: string) => {
    if (op === 'approve') return approveContract(db, actor, { id, comment: data.comment });
    if (op === 'counter') return counterContract(db, actor, { id, comment: data.comment });
    return createInvoice(db, actor, { contractId: id });
  };
  const result: BulkResult = { succeeded: [], failed: [] };
  let next = 0;
  let done = 0;
  const concurrency = Math.max(1, options.concurrency ?? Number(process.env.PACTUM_BULK_CONCURRENCY ?? 4));
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await run(id);
        result.succeeded.push(id);
      } catch (e) {
        if (!isDomainError(e)) console.error(`[bulk ${op}] ${id}`, e);
        result.failed.push({
          id,
          error: isDomainError(e)
            ? { code: e.code, message: e.message }
            : { code: 'internal', message: 'Unexpected error; nothing was changed for this contract.' },
        });
      }
      options.onProgress?.(++done, ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return result;
}
