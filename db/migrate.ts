import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Db } from './client';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the committed drizzle-kit migrations (idempotent: applied ones are skipped). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder });
}
