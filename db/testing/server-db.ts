import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { startEmbeddedDb } from '../../scripts/embedded-db';
import { openDb } from '../client';
import { migrateDb } from '../migrate';
import { createTestDb, type TestDb } from './test-db';

/**
 * A database on a real PostgreSQL server, for what PGlite's single session cannot show (several
 * connections and processes at once: the job queue, its workers): a new database on DATABASE_URL's
 * server (CI), or else an embedded PostgreSQL started for the test file in a temporary directory.
 */
export async function createServerTestDb(): Promise<TestDb> {
  if (inject('pactumDb').kind === 'server') return createTestDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-server-test-'));
  fs.chmodSync(dir, 0o755); // the server runs as `postgres` when the tests run as root
  const server = await startEmbeddedDb(path.join(dir, 'postgres'));
  const handle = openDb(server.url, { max: 8 });
  await migrateDb(handle.db);
  return {
    db: handle.db,
    handle,
    url: server.url,
    close: async () => {
      await handle.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
