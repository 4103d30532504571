import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';

/**
 * Inserts many rows in one statement whose size does not grow with them: each column travels as one
 * array parameter (`unnest($1::uuid[], $2::date[], …)`), and a column with the same value in every row
 * (the actor, the operation, the contract of its installments) as one scalar. drizzle's multi-row
 * `insert … values` binds one parameter per value and costs 40–50 µs of Node CPU a row to build (issue
 * 13's profile of bulk approval); this costs a few µs, and sends no column names per row (a JSON object
 * per row did: a third of approval's bytes on the wire).
 *
 * Columns are those any row sets; a row that leaves one of them out gets the column's JavaScript default
 * (`.default(…)`, `.$defaultFn(…)`) or, failing that, its SQL default is lost (null): such a column must
 * then be set in every row, or in none (checked). Values go through each column's own driver mapping, as
 * drizzle's insert does. Array-typed columns take the JSON path (`jsonb_to_recordset`), as before.
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
  const names = sql.join(
    used.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  const conflict = options.onConflictDoNothing ? sql`on conflict do nothing` : sql``;
  if (used.some(([, c]) => c.getSQLType().endsWith(']'))) {
    await insertAsJson(tx, table, rows, used, names, conflict);
    return;
  }
  const values = used.map(([key, column]) =>
    rows.map((row) => driverText(table, column, (row as Record<string, unknown>)[key])),
  );
  const same = values.map((vs) => rows.length > 1 && vs.every((v) => v === vs[0]));
  // unnest needs one array at least: with every column constant, the first still travels as an array.
  if (same.every(Boolean)) same[0] = false;
  const arrays: SQL[] = [];
  const aliases: string[] = [];
  const select = used.map(([, column], i) => {
    const type = column.getSQLType();
    // Through text: postgres.js serialises a parameter by the type the server infers for it, and its
    // boolean serialiser turns the string 'true' into false (arrays and text pass as they are).
    if (same[i]) return sql`${values[i]![0]}::text::${sql.raw(type)}`;
    arrays.push(sql`${arrayLiteral(values[i]!, BARE.test(type))}::${sql.raw(type)}[]`);
    aliases.push(`"c${i}"`);
    return sql.raw(`r."c${i}"`);
  });
  await tx.execute(sql`
    insert into ${table} (${names})
    select ${sql.join(select, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as r(${sql.raw(aliases.join(', '))})
    ${conflict}`);
}

/** Types whose text never needs quoting inside an array literal (no quotes, commas, braces or spaces). */
const BARE = /^(uuid|integer|smallint|bigint|boolean|date|numeric(\(\d+, ?\d+\))?|real|double precision)$/;

/** A value as the text PostgreSQL reads for its column (null for NULL), after the column's mapping. */
function driverText(table: PgTable, column: PgColumn, raw: unknown): string | null {
  let value = raw === undefined ? (column.defaultFn ? column.defaultFn() : column.default) : raw;
  if (value === undefined || value === null) return null;
  if (isSql(value))
    throw new Error(`insertMany(${getTableName(table)}): ${column.name} is an SQL expression.`);
  if (column.dataType === 'json') return JSON.stringify(value);
  value = column.mapToDriverValue(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `{a,b,NULL}` with each element quoted unless its type never needs it. */
function arrayLiteral(values: (string | null)[], bare: boolean): string {
  const parts = values.map((v) => {
    if (v === null) return 'NULL';
    if (bare) return v;
    return `"${/["\\]/.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`;
  });
  return `{${parts.join(',')}}`;
}

/** The rows as one JSON parameter (`jsonb_to_recordset`), for tables with array-typed columns. */
async function insertAsJson<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
  used: [string, PgColumn][],
  names: SQL,
  conflict: SQL,
): Promise<void> {
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
      if (column.dataType !== 'json') value = column.mapToDriverValue(value);
      if (value instanceof Date) value = value.toISOString();
      out[column.name] = value;
    }
    return out;
  });
  const types = sql.raw(used.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  await tx.execute(sql`
    insert into ${table} (${names})
    select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${types})
    ${conflict}`);
}

/** Ids as one `uuid[]` parameter (for `= any(…)`): the statement's text and cost do not grow with them. */
export function uuidArray(ids: Iterable<string>): SQL {
  return sql`${`{${[...ids].join(',')}}`}::uuid[]`;
}

function isSql(value: unknown): value is SQL {
  return typeof value === 'object' && value !== null && 'queryChunks' in value;
}
