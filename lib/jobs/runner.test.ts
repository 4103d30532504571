import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActors } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import type { Actor } from '../auth/actor';
import { uuidArray } from '../bulk-insert';
import { ForbiddenError, ValidationError } from '../errors';
import { cancelJob, createJob, getJob, listJobs, retryJob } from './jobs';
import { JOB_KINDS } from './kinds';
import { runJobSlice, runJobToEnd } from './runner';

/**
 * The runner with a kind made for the test: its effect is a row per item in `test_effects`, written in
 * the item's transaction. A "poison" item makes its chunk throw (an unexpected error) and fails alone
 * (a refusal); "held" items are reported locked elsewhere by their chunk and worked alone at the end.
 */
let t: TestDb;
let a: Record<'editor' | 'approver' | 'admin' | 'portal', Actor>;
const poison = new Set<string>();
const held = new Set<string>();
/** Held by their first chunk only: the last pass (`wait`) works them in a chunk. */
const heldOnce = new Set<string>();
/** Items whose chunk puts the job's first ten items back to pending (as a worker's rolled-back chunk). */
const rewind = new Set<string>();

beforeAll(async () => {
  t = await createTestDb();
  a = await makeActors(t.db, ['editor', 'approver', 'admin', 'portal']);
  await t.db.execute(sql`create table test_effects (id uuid primary key, how text not null)`);
  JOB_KINDS['test-kind'] = {
    chunk: 10,
    systemPermissions: [],
    async runChunk(tx, _actor, _params, ids, { wait }) {
      if (ids.some((id) => poison.has(id))) throw new Error('boom');
      const back = ids.find((id) => rewind.has(id));
      if (back) {
        rewind.delete(back);
        await tx.execute(sql`delete from test_effects where id in (select ref_id from job_items
          where job_id = (select job_id from job_items where ref_id = ${back}::uuid) and seq <= 10)`);
        await tx.execute(sql`update job_items set state = 0 where seq <= 10
          and job_id = (select job_id from job_items where ref_id = ${back}::uuid)`);
      }
      const later = (id: string) => held.has(id) || (heldOnce.has(id) && !wait);
      const now = ids.filter((id) => !later(id));
      for (const id of now)
        await tx.execute(sql`insert into test_effects values (${id}, ${wait ? 'last pass' : 'chunk'})`);
      return { done: now, failed: [], held: ids.filter(later) };
    },
    async runOne(tx, _actor, _params, id) {
      if (poison.has(id)) throw new ValidationError('Poisoned item.');
      await tx.execute(sql`insert into test_effects values (${id}, 'alone')`);
      return undefined;
    },
  };
});
afterAll(() => t.close());

const itemsOf = (ids: string[]) => sql`select unnest(${uuidArray(ids)}) as id`;
const effects = async (ids: string[]) =>
  (await t.db.execute<{ id: string; how: string }>(sql`select id, how from test_effects`)).filter((r) =>
    ids.includes(r.id),
  );

describe('job runner', () => {
  it('works every item once in chunks; a failing chunk goes one by one, so that only the bad item fails', async () => {
    const ids = Array.from({ length: 25 }, () => randomUUID());
    poison.add(ids[12]!);
    held.add(ids[3]!);
    const job = await createJob(t.db, a.approver, 'test-kind', { note: 'x' }, itemsOf(ids));
    expect(job).toMatchObject({ state: 'queued', total: 25, done: 0, failed: 0 });
    const finished = await runJobToEnd(t.db, job.id);
    expect(finished).toMatchObject({ state: 'done', total: 25, done: 24, failed: 1 });
    const rows = await effects(ids);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map((r) => r.id)).size).toBe(24);
    // Chunk 2 (items 11–20) held the poison: worked alone; the held item of chunk 1 too, at the end.
    expect(
      rows
        .filter((r) => r.how === 'alone')
        .map((r) => r.id)
        .sort(),
    ).toEqual([ids[3]!, ...ids.slice(10, 20).filter((id) => id !== ids[12])].sort());
    const view = await getJob(t.db, a.approver, job.id);
    expect(view.failures).toEqual([
      { id: ids[12], label: null, code: 'validation_failed', error: 'Poisoned item.' },
    ]);
    expect(view.secondsLeft).toBe(0);
    expect(view.rate).toBeGreaterThan(0);

    // Ran again: nothing is done twice.
    expect(await runJobSlice(t.db, job.id)).toBe('finished');
    expect(await effects(ids)).toHaveLength(24);

    // Retried once the cause is fixed: only the failed item runs.
    poison.clear();
    expect((await retryJob(t.db, a.approver, job.id)).state).toBe('queued');
    expect(await runJobToEnd(t.db, job.id)).toMatchObject({ state: 'done', done: 25, failed: 0 });
    expect(await effects(ids)).toHaveLength(25);
  });

  it('stops at its deadline with work left, and the next slice goes on from there', async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const job = await createJob(t.db, a.approver, 'test-kind', {}, itemsOf(ids));
    expect(await runJobSlice(t.db, job.id, Date.now() - 1)).toBe('more');
    expect(await effects(ids)).toHaveLength(0);
    expect((await getJob(t.db, a.approver, job.id)).state).toBe('running');
    await runJobToEnd(t.db, job.id);
    expect(await effects(ids)).toHaveLength(30);
  });

  it('claims from a cursor, and looks from the start once none is left after it (a chunk rolled back behind)', async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID());
    rewind.add(ids[25]!);
    const job = await createJob(t.db, a.approver, 'test-kind', {}, itemsOf(ids));
    expect(await runJobToEnd(t.db, job.id)).toMatchObject({ state: 'done', total: 30, failed: 0 });
    const rows = await effects(ids);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(rows).toHaveLength(30);
  });

  it('works the items its chunks held in a last pass, still in chunks, once no pending item is left', async () => {
    const ids = Array.from({ length: 25 }, () => randomUUID());
    for (const i of [1, 12, 24]) heldOnce.add(ids[i]!);
    const job = await createJob(t.db, a.approver, 'test-kind', {}, itemsOf(ids));
    expect(await runJobToEnd(t.db, job.id)).toMatchObject({ state: 'done', total: 25, done: 25, failed: 0 });
    const rows = await effects(ids);
    expect(rows).toHaveLength(25);
    expect(
      rows
        .filter((r) => r.how === 'last pass')
        .map((r) => r.id)
        .sort(),
    ).toEqual([ids[1]!, ids[12]!, ids[24]!].sort());
    expect(rows.filter((r) => r.how === 'chunk')).toHaveLength(22);
  });

  it('is cancelled between chunks (what is done stays done) and retried over what it did not reach', async () => {
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const job = await createJob(t.db, a.approver, 'test-kind', {}, itemsOf(ids));
    // One chunk, then the cancel arrives.
    JOB_KINDS['test-kind']!.chunk = 10;
    const original = JOB_KINDS['test-kind']!.runChunk;
    JOB_KINDS['test-kind']!.runChunk = async (tx, actor, params, chunk, options) => {
      const r = await original(tx, actor, params, chunk, options);
      await cancelJob(tx, a.approver, job.id); // as if from another session, committed with the chunk
      return r;
    };
    try {
      expect(await runJobSlice(t.db, job.id)).toBe('finished');
    } finally {
      JOB_KINDS['test-kind']!.runChunk = original;
    }
    expect(await getJob(t.db, a.approver, job.id)).toMatchObject({ state: 'cancelled', done: 10 });
    expect(await effects(ids)).toHaveLength(10);
    await expect(cancelJob(t.db, a.approver, job.id)).rejects.toThrow('This job has already ended.');
    await retryJob(t.db, a.approver, job.id);
    expect(await runJobToEnd(t.db, job.id)).toMatchObject({ state: 'done', done: 30 });
    expect(await effects(ids)).toHaveLength(30);
  });

  it('shows and lets manage a job only to who started it, and to operators; never to the portal', async () => {
    const job = await createJob(t.db, a.approver, 'test-kind', {}, itemsOf([randomUUID()]));
    await expect(getJob(t.db, a.editor, job.id)).rejects.toThrow(ForbiddenError);
    await expect(cancelJob(t.db, a.editor, job.id)).rejects.toThrow(ForbiddenError);
    await expect(getJob(t.db, a.portal, job.id)).rejects.toThrow(ForbiddenError);
    await expect(listJobs(t.db, a.portal)).rejects.toThrow(ForbiddenError);
    expect((await listJobs(t.db, a.editor)).map((j) => j.id)).not.toContain(job.id);
    expect((await listJobs(t.db, a.approver)).map((j) => j.id)).toContain(job.id);
    expect((await listJobs(t.db, a.admin)).map((j) => j.id)).toContain(job.id);
    expect((await getJob(t.db, a.admin, job.id)).id).toBe(job.id);
    await expect(retryJob(t.db, a.approver, job.id)).rejects.toThrow('This job is still running.');
  });

  it("refuses an item of a job that does not exist, and deletes a job's items with it (statement triggers, migrations 0039–0040)", async () => {
    await expect(
      t.db.execute(
        sql`insert into job_items (job_id, seq, ref_id) values (${randomUUID()}, 1, ${randomUUID()})`,
      ),
    ).rejects.toMatchObject({ cause: { code: '23503' } });
    const ids = [randomUUID(), randomUUID()];
    const [kept, gone] = [
      await createJob(t.db, a.approver, 'test-kind', {}, itemsOf(ids)),
      await createJob(t.db, a.approver, 'test-kind', {}, itemsOf(ids)),
    ];
    await t.db.execute(sql`delete from jobs where id = ${gone.id}`);
    const left = await t.db.execute<{ job_id: string; n: number }>(sql`
      select job_id, count(*)::int as n from job_items where job_id in (${kept.id}, ${gone.id}) group by job_id`);
    expect([...left]).toEqual([{ job_id: kept.id, n: 2 }]);
  });
});
