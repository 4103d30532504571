import { boolean, integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuid7 } from './uuid7';

/**
 * Columns every business table carries (foundation issue): a uuid key, an optimistic-lock `version`
 * bumped on each change, soft delete, and who/when for creation and last change. `created_by` and
 * `updated_by` are plain uuids rather than foreign keys so that seeding users and auditing writes made
 * by the system itself (null actor) need no special ordering.
 */
export const commonColumns = () => ({
  id: uuid('id').primaryKey().default(uuid7),
  version: integer('version').notNull().default(1),
  isDeleted: boolean('is_deleted').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
