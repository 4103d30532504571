import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { contractComments } from './comments';
import { commonColumns } from './common';
import { contracts } from './contracts';
import { policyHolders } from './policy-holders';

/**
 * A file kept on a contract or a policy holder (issue 16): the bytes are in the file store
 * (lib/storage, under `storage_key`), the row says what they are. A file is never erased: "delete" only
 * hides it (is_deleted, deleted_at, deleted_by) so the audit can still show what was there.
 * `policy_holder_id` is always set when the owner has one (a contract's policy holder too), so the
 * portal's scope is one WHERE clause. Documents Pactum generates (invoice, credit note, certificate) are
 * attachments too, one per document (`document_kind`, `document_id`): the same bytes on every download.
 */
export const attachments = pgTable(
  'attachments',
  {
    ...commonColumns(),
    contractId: uuid('contract_id').references(() => contracts.id),
    policyHolderId: uuid('policy_holder_id').references(() => policyHolders.id),
    commentId: uuid('comment_id').references(() => contractComments.id),
    /** signed_contract, employee_list, medical, correspondence, other, document (generated) */
    category: text('category').notNull(),
    fileName: text('file_name').notNull(),
    /** Sniffed from the bytes, never taken from the browser. */
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    /** Staff-only: never listed nor served to the portal. */
    internal: boolean('internal').notNull().default(false),
    /** insurer | policy_holder | system; with the uploader's name as it was (the list must not change). */
    side: text('side').notNull(),
    uploaderName: text('uploader_name').notNull(),
    documentKind: text('document_kind'),
    documentId: uuid('document_id'),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    deletedBy: uuid('deleted_by'),
  },
  (t) => [
    index('attachments_contract_idx').on(t.contractId, t.createdAt),
    index('attachments_ph_idx').on(t.policyHolderId, t.createdAt),
    uniqueIndex('attachments_document_uq')
      .on(t.documentKind, t.documentId)
      .where(sql`${t.isDeleted} = false`),
    check('attachments_owner_ck', sql`${t.contractId} is not null or ${t.policyHolderId} is not null`),
    check(
      'attachments_category_ck',
      sql`${t.category} in ('signed_contract', 'employee_list', 'medical', 'correspondence', 'other', 'document')`,
    ),
    check('attachments_side_ck', sql`${t.side} in ('insurer', 'policy_holder', 'system')`),
    check('attachments_internal_ck', sql`not (${t.internal} and ${t.side} = 'policy_holder')`),
    check('attachments_size_ck', sql`${t.size} >= 0`),
    check(
      'attachments_document_ck',
      sql`(${t.documentKind} is null) = (${t.documentId} is null) and (${t.documentKind} is null or ${t.documentKind} in ('invoice', 'credit_note', 'certificate', 'dunning_letter'))`,
    ),
  ],
);
