import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * Inserts many rows as one JSON parameter expanded by the server (jsonb_to_recordset): a statement per
 * 5,000 rows instead of tens of thousands of bind parameters, which is what makes a 5,000-person census
 * (and its audit trail) a matter of seconds. `columns` are the table's columns and their SQL types; each
 * row object is keyed by column name.
 */
export async function insertRecordset(
  tx: DbOrTx,
  table: string,
  columns: Record<string, string>,
  rows: Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(columns);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  const defs = sql.raw(names.map((n) => `"${n}" ${columns[n]}`).join(', '));
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    await tx.execute(
      sql`insert into ${sql.identifier(table)} (${list}) select ${list} from jsonb_to_recordset(${chunk}::jsonb) as x(${defs})`,
    );
  }
}
