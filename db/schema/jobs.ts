import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Background work people start (bulk actions, billing runs) and follow on /admin/jobs: what, who, with
 * which parameters, its state and progress. The queue (pg-boss, schema `pgboss`) only carries "work on
 * job X" messages; the work itself is the job's items, each done or failed exactly once, in the same
 * transaction as its effect (lib/jobs/runner.ts).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** bulk-approve, bulk-counter, bulk-invoice, billing-run */
    kind: text('kind').notNull(),
    /** queued, running, done, failed, cancelled */
    state: text('state').notNull().default('queued'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** A reason when the job as a whole failed (items fail on their own rows). */
    error: text('error'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    /** Last progress: a worker's sign of life. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('jobs_created_idx').on(t.createdAt),
    index('jobs_created_by_idx').on(t.createdBy, t.createdAt),
  ],
);

/** One item of a job (a contract): 0 pending, 1 done, 2 failed, 3 held (locked elsewhere: once more at the end). */
export const jobItems = pgTable(
  'job_items',
  {
    // The job: checked per statement, not per row (a billing run's million items: 5.5 → 1.7 s), and deleted
    // with it, by statement triggers (migrations 0039–0040; the foreign key checked each row alone).
    jobId: uuid('job_id').notNull(),
    seq: integer('seq').notNull(),
    refId: uuid('ref_id').notNull(),
    state: smallint('state').notNull().default(0),
    errorCode: text('error_code'),
    error: text('error'),
  },
  (t) => [
    // No index reads the state: marking a chunk's items done is a HOT update (with fillfactor 50, migration
    // 0038: each item is updated about once). Workers claim items in seq order from a cursor (lib/jobs).
    primaryKey({ columns: [t.jobId, t.seq] }),
  ],
);
