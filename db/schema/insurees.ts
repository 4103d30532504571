import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { commonColumns } from './common';

export const families = pgTable('families', {
  ...commonColumns(),
  address: text('address'),
});

export const insurees = pgTable(
  'insurees',
  {
    ...commonColumns(),
    insuranceNumber: text('insurance_number').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    gender: text('gender').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => families.id),
    isFamilyHead: boolean('is_family_head').notNull().default(false),
  },
  (t) => [
    uniqueIndex('insurees_number_live_uq').on(t.insuranceNumber).where(sql`${t.isDeleted} = false`),
    // A family has at most one head.
    uniqueIndex('insurees_family_head_uq')
      .on(t.familyId)
      .where(sql`${t.isFamilyHead} and ${t.isDeleted} = false`),
    index('insurees_family_idx').on(t.familyId),
    index('insurees_last_name_idx').on(t.lastName),
    check('insurees_gender_ck', sql`${t.gender} in ('M', 'F', 'O')`),
  ],
);
