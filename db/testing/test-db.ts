import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import { type Db, type DbHandle, openDb } from '../client';
import { withDatabase } from './global-setup';

export type TestDb = { db: Db; handle: DbHandle; url: string; close: () => Promise<void> };

/**
 * A fresh, migrated database for one test file, through postgres.js like the app: PGlite served
 * in-process over the wire, or a new database on the real server when DATABASE_URL is set (CI).
 */
export async function createTestDb(): Promise<TestDb> {
  const cfg = inject('pactumDb');
  if (cfg.kind === 'server') {
    const name = `pactum_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = openDb(cfg.url, { max: 1 });
    await admin.sql.unsafe(`create database ${name} template ${cfg.template}`);
    const url = withDatabase(cfg.url, name);
    const handle = openDb(url, { max: 8 });
    return {
      db: handle.db,
      handle,
      url,
      close: async () => {
        await handle.close();
        await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
        await admin.close();
      },
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pg = await PGlite.create({
    loadDataDir: new Blob([fs.readFileSync(cfg.dumpPath)]),
    extensions: { pg_trgm },
  });
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  // One connection: the socket server multiplexes onto one session (see scripts/launch.ts).
  const handle = openDb(url, { max: 1, noPrepare: true });
  return {
    db: handle.db,
    handle,
    url,
    close: async () => {
      await handle.close();
      await server.stop();
      await pg.close();
    },
  };
}
