import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { jobs } from '@/db/schema';
import { type Actor, loadActor, systemActor } from '../auth/actor';
import { isDomainError } from '../errors';
import { err } from '../i18n/keyed';
import { JOB_KINDS, type JobKind, type JobStats } from './kinds';

export type JobRow = typeof jobs.$inferSelect;
/** A failed item: its message is keyed (lib/i18n/keyed), rendered where it is read (page, API). */
type Failure = { id: string; code: string; message: string };

const ITEM = { pending: 0, done: 1, failed: 2, held: 3 } as const;

function failureOf(id: string, e: unknown, kind: string): Failure {
  if (isDomainError(e)) return { id, code: e.code, message: e.keyedMessage };
  console.error(`[pactum] job ${kind}: item ${id} failed`, e);
  return { id, code: 'internal', message: err('jobs.unexpectedNothingChanged') };
}

/** Who the job acts as: the person who started it, as they are now (a revoked right stops the job). */
async function jobActor(db: DbOrTx, job: JobRow, kind: JobKind): Promise<Actor | null> {
  if (!job.createdBy) return systemActor(kind.systemPermissions);
  return loadActor(db, job.createdBy, 'system');
}

/** Marks the items done or held (a chunk's transaction; the seqs bound the scan of a job's items). */
async function markItems(tx: Tx, job: JobRow, seqOf: Map<string, number>, done: string[], held: string[]) {
  if (!done.length && !held.length) return;
  // Arrays as single parameters: a statement's cost does not grow with the chunk's parameters.
  const seqs = (ids: string[]) => ids.map((id) => seqOf.get(id)!);
  const all = seqs([...done, ...held]);
  await tx.execute(sql`
    update job_items i set state = case when i.seq = any(${`{${seqs(done).join(',')}}`}::int[]) then ${ITEM.done} else ${ITEM.held} end::smallint
    where i.job_id = ${job.id} and i.seq between ${Math.min(...all)} and ${Math.max(...all)}
      and i.seq = any(${`{${all.join(',')}}`}::int[])`);
}

/** Marks the items' outcome and the job's counters, in the transaction that did the work. */
async function settle(
  tx: Tx,
  job: JobRow,
  seqOf: Map<string, number>,
  done: string[],
  failed: Failure[],
  held: string[],
  itemsMarked = false,
) {
  if (!itemsMarked) await markItems(tx, job, seqOf, done, held);
  if (failed.length)
    await tx.execute(sql`
      update job_items i set state = ${ITEM.failed}, error_code = v.code, error = v.message
      from jsonb_to_recordset(${JSON.stringify(failed.map((f) => ({ seq: seqOf.get(f.id), code: f.code, message: f.message })))}::jsonb)
        as v(seq int, code text, message text)
      where i.job_id = ${job.id} and i.seq = v.seq`);
  // Last statement of the transaction: the job row's lock is held only until the commit that follows.
  await tx
    .update(jobs)
    .set({
      done: sql`${jobs.done} + ${done.length}`,
      failed: sql`${jobs.failed} + ${failed.length}`,
      updatedAt: new Date(),
    })
    .where(eq(jobs.id, job.id));
}

/**
 * One chunk: its pending items locked (`FOR UPDATE SKIP LOCKED`, so workers on the same job take
 * different chunks) and worked in the same transaction that marks them: an item is done exactly once,
 * whoever dies when. Should the chunk fail, it is rolled back to its savepoint and its items are worked
 * one by one, so that one bad contract fails alone. Returns how many items it took (0: none left) and
 * the last one's seq.
 *
 * `after`: the caller's cursor, the last seq it took. Items are claimed in seq order, so those before it
 * are done or in another worker's open chunk (or rolled back: the caller looks from the start once no
 * item is left after its cursor). Job items have no index on their state (their updates are HOT,
 * migration 0038): without the cursor, each claim would walk every item done before it.
 *
 * `held`: the items a chunk left because another transaction held what they needed, worked again once
 * no pending item is left, still in chunks (set-based), this time waiting for the locks; an item held
 * even then is worked alone.
 */
async function runChunk(
  db: Db,
  job: JobRow,
  kind: JobKind,
  actor: Actor,
  from: 'pending' | 'held' = 'pending',
  after = 0,
): Promise<{ took: number; last: number }> {
  const wait = from === 'held';
  return db.transaction(async (tx) => {
    // No JIT compilation: a chunk's statements each touch a few thousand rows, which the planner's
    // estimates (a chunk's temporary tables) can take for hundreds of thousands; compiling them cost a
    // billing run's chunk 10 ms a statement, more than it could save.
    await tx.execute(sql`set local jit = off`);
    const items = await tx.execute<{ seq: number; ref_id: string }>(sql`
      select seq, ref_id from job_items where job_id = ${job.id} and seq > ${after} and state = ${ITEM[from]}
      order by seq limit ${kind.chunk} for update skip locked`);
    if (!items.length) return { took: 0, last: after };
    const ids = items.map((i) => i.ref_id);
    const seqOf = new Map(items.map((i) => [i.ref_id, i.seq]));
    const oneByOne = async (todo: string[]) => {
      const out = { done: [] as string[], failed: [] as Failure[], stats: kind.emptyStats?.() };
      for (const id of todo) {
        try {
          const stats = await tx.transaction((sp) => kind.runOne(sp, actor, job.params, id));
          out.done.push(id);
          if (stats && out.stats) out.stats = kind.addStats!(out.stats, stats);
        } catch (err) {
          out.failed.push(failureOf(id, err, job.kind));
        }
      }
      return out;
    };
    let outcome: { done: string[]; failed: Failure[]; held: string[]; stats?: JobStats };
    let itemsMarked = false;
    try {
      outcome = await tx.transaction(async (sp) => {
        const r = await kind.runChunk(sp, actor, job.params, ids, { wait });
        // A chunk's serial last step (a billing run's gapless numbers: a lock held to the commit) runs
        // after the items are marked, so that as little as possible waits behind it.
        if (r.finish) {
          await markItems(sp, job, seqOf, r.done, r.held);
          itemsMarked = true;
          await r.finish();
        }
        return r;
      });
    } catch (e) {
      itemsMarked = false;
      if (!isDomainError(e)) console.error(`[pactum] job ${job.kind}: a chunk failed, one by one now`, e);
      outcome = { ...(await oneByOne(ids)), held: [] };
    }
    if (wait && outcome.held.length) {
      const alone = await oneByOne(outcome.held);
      outcome = {
        done: [...outcome.done, ...alone.done],
        failed: [...outcome.failed, ...alone.failed],
        held: [],
        stats: outcome.stats && alone.stats ? kind.addStats!(outcome.stats, alone.stats) : outcome.stats,
      };
      if (itemsMarked) await markItems(tx, job, seqOf, alone.done, []);
    }
    if (outcome.stats)
      await kind.recordStats?.(tx, job, outcome.stats, outcome.done.length, outcome.failed.length);
    await settle(tx, job, seqOf, outcome.done, outcome.failed, outcome.held, itemsMarked);
    return { took: items.length, last: items.at(-1)!.seq };
  });
}

async function finishJob(
  db: Db,
  job: JobRow,
  kind: JobKind,
  state: 'done' | 'failed' | 'cancelled',
  error?: string,
) {
  const [finished] = await db
    .update(jobs)
    .set({ state, error: error ?? null, finishedAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(jobs.id, job.id),
        sql`${jobs.state} in ('queued', 'running')`,
        state === 'done'
          ? sql`not exists (select 1 from job_items i where i.job_id = ${job.id} and i.state in (${ITEM.pending}, ${ITEM.held}))`
          : undefined,
      ),
    )
    .returning();
  if (finished) await kind.onFinish?.(db, finished);
  return finished;
}

export type SliceResult = 'finished' | 'more' | 'idle';

/**
 * Works on a job until it is finished, cancelled, or `deadline` passes ('more': send a continuation).
 * Any number of workers may run slices of one job at once; the last one to see no item left finishes it.
 */
export async function runJobSlice(
  db: Db,
  jobId: string,
  deadline = Number.POSITIVE_INFINITY,
): Promise<SliceResult> {
  let [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  if (!job || !['queued', 'running'].includes(job.state)) return 'finished';
  const kind = JOB_KINDS[job.kind];
  if (!kind) {
    await finishJob(
      db,
      job,
      JOB_KINDS['bulk-counter']!,
      'failed',
      err('jobs.unknownKind', { kind: job.kind }),
    );
    return 'finished';
  }
  if (job.state === 'queued') {
    [job] = await db
      .update(jobs)
      .set({ state: 'running', startedAt: sql`coalesce(${jobs.startedAt}, now())`, updatedAt: new Date() })
      .where(eq(jobs.id, jobId))
      .returning();
  }
  const actor = await jobActor(db, job!, kind);
  if (!actor) {
    await finishJob(db, job!, kind, 'failed', err('jobs.starterCannotSignIn'));
    return 'finished';
  }
  let after = 0;
  for (;;) {
    const [flag] = await db.select({ cancel: jobs.cancelRequested }).from(jobs).where(eq(jobs.id, jobId));
    if (flag?.cancel) {
      await finishJob(db, job!, kind, 'cancelled');
      return 'finished';
    }
    if (Date.now() > deadline) return 'more';
    const { took, last } = await runChunk(db, job!, kind, actor, 'pending', after);
    if (took) after = last;
    else if (after)
      after = 0; // nothing after the cursor: once more from the start
    else break;
  }
  after = 0;
  while (Date.now() <= deadline) {
    const { took, last } = await runChunk(db, job!, kind, actor, 'held', after);
    if (took) after = last;
    else if (after) after = 0;
    else break;
  }
  if (Date.now() > deadline) return 'more';
  // Items still pending here are in another worker's open chunk: it finishes the job after its commit.
  return (await finishJob(db, job!, kind, 'done')) ? 'finished' : 'idle';
}

/** Works a job to its end in this process (tests, scripts, `runBilling`): no queue involved. */
export async function runJobToEnd(db: Db, jobId: string): Promise<JobRow> {
  while ((await runJobSlice(db, jobId)) === 'more') {}
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  return job!;
}
