import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '@/db/client';
import { contracts } from '@/db/schema';
import type { Actor } from '../auth/actor';
import { createInvoice } from '../billing/invoices';
import { uuidArray } from '../bulk-insert';
import { isDomainError } from '../errors';
import { err, label, state } from '../i18n/keyed';
import { createJob, dispatchJob } from '../jobs/jobs';
import type { JobKind } from '../jobs/kinds';
import { parseInput } from '../validation/parse';
import { contractScope, requireOp } from './access';
import { approveLocked } from './approval';
import { screenApprovals } from './cover';
import { contractIdsFor, contractIdsQuery } from './search';
import { isApprovable } from './states';
import { approveContract, counterContract } from './transitions';

export const BULK_OPS = ['approve', 'counter', 'invoice'] as const;
export type BulkOp = (typeof BULK_OPS)[number];

const bulkInputFields = z.object({
  ids: z
    .array(z.string().uuid(err('contracts.idNotUuid')))
    .max(100_000, err('contracts.selectAtMost'))
    .optional(),
  filter: z.record(z.string(), z.unknown()).optional(),
  comment: z.string().trim().max(5000).optional(),
});

export const bulkInput = bulkInputFields.refine((v) => !!v.ids !== !!v.filter, {
  message: err('contracts.idsOrFilter'),
  path: ['ids'],
});

/** Per contract; a failure's message is keyed (lib/i18n/keyed): each edge renders it for its reader. */
export type BulkResult = {
  succeeded: string[];
  failed: { id: string; error: { code: string; message: string } }[];
};

const UNEXPECTED = { code: 'internal', message: err('jobs.unexpectedNothingChanged') };

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
  if (op === 'approve') return bulkApprove(db, actor, ids, data.comment, options);
  const run = (id: string) => {
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
          error: isDomainError(e) ? { code: e.code, message: e.keyedMessage } : UNEXPECTED,
        });
      }
      options.onProgress?.(++done, ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return result;
}

/**
 * Contracts per bulk-approval chunk (`PACTUM_APPROVE_CHUNK`): each chunk costs a fixed number of
 * statements, so bigger chunks spread that cost; a chunk that fails is retried one by one.
 */
const CHUNK = Math.max(1, Number(process.env.PACTUM_APPROVE_CHUNK ?? 500));

/**
 * Bulk approval, set-based: a chunk of contracts is locked, checked and approved with a fixed number of
 * statements. Contracts that are missing or not Negotiable are reported and left out before anything is
 * written. Should the chunk's write fail, it is rolled back whole and its contracts are retried one by
 * one, each in its own transaction, so one bad contract never stops, nor half-approves, the others.
 */
async function bulkApprove(
  db: DbOrTx,
  actor: Actor,
  ids: string[],
  comment: string | undefined,
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void },
): Promise<BulkResult> {
  const result: BulkResult = { succeeded: [], failed: [] };
  const chunks: string[][] = [];
  const ordered = await inPayerOrder(db, ids);
  for (let i = 0; i < ordered.length; i += CHUNK) chunks.push(ordered.slice(i, i + CHUNK));
  let next = 0;
  let done = 0;
  const processChunk = async (chunk: string[]) => {
    try {
      const outcome = await db.transaction((tx) => approveChunk(tx, actor, chunk, comment));
      result.succeeded.push(...outcome.succeeded);
      result.failed.push(...outcome.failed);
    } catch (e) {
      if (!isDomainError(e)) console.error('[bulk approve] chunk failed, retrying one by one', e);
      for (const id of chunk) {
        try {
          await approveContract(db, actor, { id, comment });
          result.succeeded.push(id);
        } catch (failure) {
          result.failed.push({
            id,
            error: isDomainError(failure)
              ? { code: failure.code, message: failure.keyedMessage }
              : UNEXPECTED,
          });
        }
      }
    }
    done += chunk.length;
    options.onProgress?.(done, ids.length);
  };
  const worker = async () => {
    while (next < chunks.length) await processChunk(chunks[next++]!);
  };
  const concurrency = Math.max(1, options.concurrency ?? Number(process.env.PACTUM_BULK_CONCURRENCY ?? 4));
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  // Report in the order asked.
  const order = new Map(ids.map((id, i) => [id, i]));
  result.succeeded.sort((a, b) => order.get(a)! - order.get(b)!);
  result.failed.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return result;
}

/**
 * `chosen` (a query of `id` and `n`, the order chosen) grouped by policy holder, in the order chosen
 * within each (ids of no contract last): chunks worked side by side then cover different people, so they
 * do not wait for each other's insuree locks (screenApprovals), as chunks mixing every policy holder did
 * (the benchmark's four chunks waited 47.6 s for each other in a 10.5 s run). Within a policy holder the
 * order chosen decides, as before, which of two overlapping contracts is approved.
 */
const payerOrdered = (chosen: SQL) => sql`
  select q.id from (${chosen}) q left join contracts c on c.id = q.id
  order by c.id is null, min(q.n) over (partition by c.policy_holder_id), q.n`;

/** Ids as a query of `id` and `n` (their order), in one array parameter: 100,000 ids fit. */
const idsInOrder = (ids: string[]) =>
  sql`select id, n from unnest(${uuidArray(ids)}) with ordinality as t(id, n)`;

/** The ids of a bulk approval in the order its chunks take them (see payerOrdered). */
export async function inPayerOrder(db: DbOrTx, ids: string[]): Promise<string[]> {
  return (await db.execute<{ id: string }>(payerOrdered(idsInOrder(ids)))).map((r) => r.id);
}

/**
 * One chunk of a bulk approval inside the caller's transaction: the contracts locked, checked and
 * approved with a fixed number of statements. Contracts that are missing, not Negotiable, or refused
 * (overlapping cover, a family twice) are reported and nothing is written for them.
 */
export async function approveChunk(tx: Tx, actor: Actor, chunk: string[], comment: string | undefined) {
  const rows = await tx
    .select()
    .from(contracts)
    .where(
      and(
        sql`${contracts.id} = any(${uuidArray(chunk)})`,
        eq(contracts.isDeleted, false),
        contractScope(actor),
      ),
    )
    .orderBy(contracts.id)
    .for('update');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const failed: BulkResult['failed'] = [];
  const ok = [];
  for (const id of chunk) {
    const row = byId.get(id);
    if (!row)
      failed.push({
        id,
        error: { code: 'not_found', message: err('notFound', { label: label('contract') }) },
      });
    else if (!isApprovable(row.state)) {
      failed.push({
        id,
        error: {
          code: 'invalid_state',
          message: err('contracts.onlySubmittedApproved', { state: state(row.state) }),
        },
      });
    } else ok.push(row);
  }
  // Overlapping cover (with approved contracts, or with an earlier contract of this chunk) and
  // families covered twice are refused per contract, under the insurees' locks; the rest proceed.
  const { refused, details } = await screenApprovals(tx, ok);
  for (const [id, e] of refused) failed.push({ id, error: { code: e.code, message: e.keyedMessage } });
  const approvable = ok.filter((r) => !refused.has(r.id));
  await approveLocked(tx, actor, approvable, new Date(), comment, details);
  return { succeeded: approvable.map((r) => r.id), failed };
}

const bulkJobInput = bulkInputFields.refine((v) => !!v.ids !== !!v.filter, {
  message: err('contracts.idsOrFilter'),
  path: ['ids'],
});

/**
 * Starts a bulk action as a background job (lib/jobs): the contracts are fixed now (the selected ids,
 * or every contract the search selects, however many), the request answers at once, and the job's
 * progress and failures are on /admin/jobs and `GET /jobs/{id}`. Each contract is done once, in the
 * transaction of its change; a bad one fails alone.
 */
export async function startBulkJob(db: DbOrTx, actor: Actor, op: BulkOp, input: unknown) {
  requireOp(actor, op === 'invoice' ? 'invoice' : 'approve');
  const data = parseInput(bulkJobInput, input);
  const chosen = data.ids
    ? idsInOrder([...new Set(data.ids)])
    : sql`select id, row_number() over () as n from (${contractIdsQuery(actor, data.filter ?? {})}) s`;
  // Approvals by policy holder (payerOrdered); the other actions in the order chosen.
  const items = op === 'approve' ? payerOrdered(chosen) : sql`select id from (${chosen}) q order by n`;
  const job = await createJob(db, actor, `bulk-${op}`, { comment: data.comment ?? null }, items);
  await dispatchJob(job.id);
  return job;
}

const commentOf = (params: Record<string, unknown>) =>
  typeof params.comment === 'string' ? params.comment : undefined;

function failureOf(id: string, e: unknown) {
  if (isDomainError(e)) return { id, code: e.code, message: e.keyedMessage };
  throw e;
}

/** The bulk actions as kinds of job (lib/jobs/kinds.ts). */
export function bulkKinds(): Record<string, JobKind> {
  const oneByOne = (
    one: (tx: Tx, actor: Actor, id: string, comment?: string) => Promise<unknown>,
  ): JobKind => ({
    chunk: 50,
    systemPermissions: [],
    async runChunk(tx, actor, params, ids) {
      const done: string[] = [];
      const failed: { id: string; code: string; message: string }[] = [];
      for (const id of ids) {
        try {
          await tx.transaction((sp) => one(sp, actor, id, commentOf(params)));
          done.push(id);
        } catch (e) {
          failed.push(failureOf(id, e));
        }
      }
      return { done, failed, held: [] };
    },
    async runOne(tx, actor, params, id) {
      await one(tx, actor, id, commentOf(params));
      return undefined;
    },
  });
  return {
    'bulk-approve': {
      chunk: CHUNK,
      systemPermissions: [],
      async runChunk(tx, actor, params, ids) {
        const r = await approveChunk(tx, actor, ids, commentOf(params));
        return {
          done: r.succeeded,
          failed: r.failed.map((f) => ({ id: f.id, code: f.error.code, message: f.error.message })),
          held: [],
        };
      },
      async runOne(tx, actor, params, id) {
        await approveContract(tx, actor, { id, comment: commentOf(params) });
        return undefined;
      },
    },
    'bulk-counter': oneByOne((tx, actor, id, comment) => counterContract(tx, actor, { id, comment })),
    'bulk-invoice': oneByOne((tx, actor, id) => createInvoice(tx, actor, { contractId: id })),
  };
}
