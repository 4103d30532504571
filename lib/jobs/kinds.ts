import type { Db, Tx } from '@/db/client';
import type { jobs } from '@/db/schema';
import type { Actor } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import { billingRunKind } from '../billing/runs';
import { collectionRunKind } from '../collection/runs';
import { bulkKinds } from '../contracts/bulk';

export type JobStats = Record<string, number | string>;
type JobRow = typeof jobs.$inferSelect;

/**
 * What a kind of job does with its items (contract ids). `runChunk` works a chunk inside the caller's
 * transaction (which also marks the items), reporting each id as done, failed (nothing written for it)
 * or held (locked elsewhere: worked again at the end, in chunks with `wait` set: this time the chunk waits
 * for the locks it needs); `runOne` works one item (after its chunk failed).
 */
export type JobKind = {
  chunk: number;
  /** The rights of the system actor that runs scheduled jobs of this kind (no person started them). */
  systemPermissions: readonly Permission[];
  runChunk(
    tx: Tx,
    actor: Actor,
    params: Record<string, unknown>,
    ids: string[],
    options: { wait: boolean },
  ): Promise<{
    done: string[];
    failed: { id: string; code: string; message: string }[];
    held: string[];
    stats?: JobStats;
    /** The chunk's serial last step, run after its items are marked (still in its transaction). */
    finish?: () => Promise<void>;
  }>;
  runOne(tx: Tx, actor: Actor, params: Record<string, unknown>, id: string): Promise<JobStats | undefined>;
  emptyStats?: () => JobStats;
  addStats?: (a: JobStats, b: JobStats) => JobStats;
  /** Per chunk, in its transaction (e.g. a billing run's invoice count and amount). */
  recordStats?: (tx: Tx, job: JobRow, stats: JobStats, done: number, failed: number) => Promise<void>;
  onFinish?: (db: Db, job: JobRow) => Promise<void>;
};

export const JOB_KINDS: Record<string, JobKind> = {
  ...bulkKinds(),
  'billing-run': billingRunKind(),
  'collection-run': collectionRunKind(),
};
