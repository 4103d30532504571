import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; services accept either so they compose inside a caller's transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type DbHandle = { db: Db; sql: postgres.Sql; close: () => Promise<void> };

/**
 * Opens postgres.js on a URL. The embedded PGlite server multiplexes every client connection onto one
 * backend session, so named prepared statements of two connections would collide there: the launcher
 * sets PACTUM_DB_NO_PREPARE=1 and we fall back to unnamed statements.
 */
export function openDb(url: string, options: { max?: number; noPrepare?: boolean } = {}): DbHandle {
  const noPrepare = options.noPrepare ?? process.env.PACTUM_DB_NO_PREPARE === '1';
  const sql = postgres(url, {
    max: options.max ?? Number(process.env.PACTUM_DB_POOL ?? 10),
    prepare: !noPrepare,
    onnotice: () => {},
    connection: { application_name: 'pactum' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

const globalForDb = globalThis as unknown as { pactumDb?: DbHandle };

/** The app's shared pool, created on first use from DATABASE_URL (kept across dev hot reloads). */
export function getDb(): Db {
  if (!globalForDb.pactumDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm start`, which provides one.');
    globalForDb.pactumDb = openDb(url);
  }
  return globalForDb.pactumDb.db;
}
