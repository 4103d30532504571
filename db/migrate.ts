import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Db } from './client';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the committed drizzle-kit migrations (idempotent: applied ones are skipped). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
  await grantAppRole(db);
}

/**
 * Owner/app role split (migration 0009): when the app connects as its own role (PACTUM_APP_ROLE, or the
 * database setting `pactum.app_role`), that role gets DML on the business tables and only INSERT/SELECT
 * on the audit log. Re-run after every migration run, so tables added later are granted too.
 */
export async function grantAppRole(db: Db, role = process.env.PACTUM_APP_ROLE?.trim()): Promise<boolean> {
  const rows = await db.execute<{ granted: boolean }>(
    sql`select pactum_grant_app_role(coalesce(${role || null}::text, current_setting('pactum.app_role', true))) as granted`,
  );
  const granted = rows[0]?.granted === true;
  if (role && !granted) console.warn(`[migrate] PACTUM_APP_ROLE=${role}: no such role, nothing granted`);
  return granted;
}
