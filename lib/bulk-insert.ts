import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';

/**
 * Inserts many rows in one statement whose size does not grow with them: the rows travel as one JSON
 * parameter and `jsonb_to_recordset` turns them back into typed columns. drizzle's multi-row
 * `insert … values` binds one parameter per value and costs 40–50 µs of Node CPU a row to build (issue
 * 13's profile of bulk approval); this costs a few µs (`JSON.stringify`).
 *
 * Columns are those any row sets; a row that leaves one of them out gets the column's JavaScript default
 * (`.default(…)`, `.$defaultFn(…)`) or, failing that, its SQL default is lost (null): such a column must
 * then be set in every row, or in none (checked). Values go through each column's own driver mapping, as
 * drizzle's insert does.
 */
export async function insertMany<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
  const used = columns.filter(([key]) => rows.some((r) => (r as Record<string, unknown>)[key] !== undefined));
  const jsDefault = (c: PgColumn) =>
    c.defaultFn !== undefined || (c.default !== undefined && !isSql(c.default));
  for (const [key, column] of used) {
    const missing = rows.some((r) => (r as Record<string, unknown>)[key] === undefined);
    if (missing && column.hasDefault && !jsDefault(column))
      throw new Error(`insertMany(${getTableName(table)}): ${column.name} is set in some rows only.`);
  }
  const isJson = (c: PgColumn) => c.dataType === 'json';
  const records = rows.map((row) => {
    const r = row as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, column] of used) {
      let value = r[key];
      if (value === undefined) value = column.defaultFn ? column.defaultFn() : column.default;
      if (value === undefined || value === null) {
        out[column.name] = null;
        continue;
      }
      if (isSql(value))
        throw new Error(`insertMany(${getTableName(table)}): ${column.name} is an SQL expression.`);
      // JSON columns keep the value itself (it is nested in the parameter); others map as drizzle does.
      if (!isJson(column)) value = column.mapToDriverValue(value);
      if (value instanceof Date) value = value.toISOString();
      out[column.name] = value;
    }
    return out;
  });
  const names = sql.join(
    used.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  const types = sql.raw(used.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  await tx.execute(sql`
    insert into ${table} (${names})
    select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${types})
    ${options.onConflictDoNothing ? sql`on conflict do nothing` : sql``}`);
}

function isSql(value: unknown): value is SQL {
  return typeof value === 'object' && value !== null && 'queryChunks' in value;
}
