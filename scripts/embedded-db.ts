import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded database: one PGlite data directory, owned by exactly this process and served over the
 * PostgreSQL wire protocol on 127.0.0.1, so the app talks postgres.js to it as to any server.
 * PGlite corrupts a directory that two processes open, so ownership is taken with an exclusive lock
 * file first; a second start refuses clearly.
 */
export type EmbeddedDb = { url: string; stop: () => Promise<void> };

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (pid && pid !== process.pid && pidAlive(pid)) {
        throw new Error(
          `The database directory ${dataDir} is already in use by another Pactum process (pid ${pid}).\n` +
            'Stop that process first, or set PACTUM_DATA_DIR to another directory. Refusing to open it twice.',
        );
      }
      // Stale lock from a process that died: take it over.
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}.`);
}

export async function startEmbeddedDb(dataDir: string, port = 0): Promise<EmbeddedDb> {
  const release = acquireLock(dataDir);
  try {
    const pg = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port, maxConnections: 32 });
    await server.start();
    const conn = server.getServerConn();
    return {
      url: `postgres://postgres:postgres@${conn}/postgres?sslmode=disable`,
      stop: async () => {
        await server.stop().catch(() => {});
        await pg.close().catch(() => {});
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
