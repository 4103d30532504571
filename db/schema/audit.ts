import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only "who changed which field" log: one row per changed field, written in the same
 * transaction as the change. Values are stored as text (JSON for objects) so any column fits.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Groups the rows written by one operation (one transaction). */
    operationId: uuid('operation_id').notNull(),
    operation: text('operation').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    field: text('field'),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    source: text('source').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityId, t.at)],
);
