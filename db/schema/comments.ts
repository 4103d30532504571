import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contracts } from './contracts';

/**
 * The conversation on a contract between the insurer and the policy holder. Comments are never edited
 * or deleted: the thread is part of the contract's record, like the audit log. `operation` links a
 * comment given with a transition (submit, counter, approve, amend, terminate) to that operation.
 */
export const contractComments = pgTable(
  'contract_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    authorId: uuid('author_id'),
    /** Snapshot of the author's name: the thread must read the same after a user is renamed or removed. */
    authorName: text('author_name').notNull(),
    /** insurer | policy_holder */
    side: text('side').notNull(),
    body: text('body').notNull(),
    /** Staff-only note: never shown in the portal, never e-mailed. */
    internal: boolean('internal').notNull().default(false),
    operation: text('operation'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('contract_comments_contract_idx').on(t.contractId, t.createdAt),
    check('contract_comments_side_ck', sql`${t.side} in ('insurer', 'policy_holder')`),
    check('contract_comments_body_ck', sql`char_length(${t.body}) between 1 and 5000`),
    check('contract_comments_internal_ck', sql`not (${t.internal} and ${t.side} = 'policy_holder')`),
  ],
);
