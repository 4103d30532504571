import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded database: one PGlite data directory, owned by exactly this process and served over the
 * PostgreSQL wire protocol on 127.0.0.1, so the app talks postgres.js to it as to any server.
 * PGlite corrupts a directory that two processes open, so ownership is taken with an exclusive lock
 * file first; a second start refuses clearly.
 *
 * PGlite trusts whoever connects (as superuser). So PGlite itself listens only on a unix socket in a
 * private directory (mode 0700, so other local users cannot reach it), and the TCP port the app uses
 * is a small front that asks for a password (random, kept in `<data dir>.password`, mode 0600) before
 * it passes the connection through. Cleartext password exchange: it never leaves 127.0.0.1.
 */
export type EmbeddedDb = {
  url: string;
  /** PGlite's own unix socket (owner-only): what the password-checking front passes connections to. */
  socketPath: string;
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

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;

function authError(user: string): Buffer {
  const fields = Buffer.from(
    `SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "${user}"\0\0`,
    'utf8',
  );
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([head, fields]);
}

/**
 * Front for one client: answers SSL/GSS requests with "no", reads the startup message, asks for the
 * password (AuthenticationCleartextPassword), and on a match connects to PGlite's socket and replays
 * the startup message there, after which bytes flow both ways untouched. A wrong password gets the
 * error PostgreSQL itself sends (28P01) and the connection is closed.
 */
function authenticate(client: net.Socket, password: Buffer, upstreamPath: string) {
  let buffer = Buffer.alloc(0);
  let startup: Buffer | undefined;
  let user = '';
  const timer = setTimeout(() => client.destroy(), 10_000);
  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 8) {
      if (!startup) {
        const len = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (len === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          client.write('N');
          buffer = buffer.subarray(8);
          continue;
        }
        if (code !== PROTOCOL_3 || len < 8 || len > 10_000) return client.destroy();
        if (buffer.length < len) return;
        startup = Buffer.from(buffer.subarray(0, len));
        buffer = buffer.subarray(len);
        const params = startup.subarray(8).toString('utf8').split('\0');
        user = params[params.indexOf('user') + 1] ?? '';
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5);
        client.write(ask);
        continue;
      }
      if (buffer.length < 5) return;
      const len = buffer.readInt32BE(1);
      if (buffer[0] !== 0x70 /* 'p' */ || len < 5 || len > 1024) return client.destroy();
      if (buffer.length < 1 + len) return;
      const given = buffer.subarray(5, len); // without the terminating NUL
      const rest = buffer.subarray(1 + len);
      client.off('data', onData);
      clearTimeout(timer);
      if (given.length !== password.length || !timingSafeEqual(given, password)) {
        client.end(authError(user));
        return;
      }
      client.pause();
      const upstream = net.connect(upstreamPath, () => {
        upstream.write(startup!);
        if (rest.length) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on('error', close).on('close', close);
      client.on('error', close).on('close', close);
      return;
    }
  };
  client.on('data', onData);
  client.on('error', () => client.destroy());
  client.on('close', () => clearTimeout(timer));
}

export async function startEmbeddedDb(dataDir: string, port = 0): Promise<EmbeddedDb> {
  const release = acquireLock(dataDir);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-db-')); // mode 0700
  const cleanup = () => {
    fs.rmSync(socketDir, { recursive: true, force: true });
    release();
  };
  try {
    const password = embeddedDbPassword(dataDir);
    const pg = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    const socketPath = path.join(socketDir, '.s.PGSQL.5432');
    const inner = new PGLiteSocketServer({ db: pg, path: socketPath, maxConnections: 32 });
    await inner.start();
    fs.chmodSync(socketPath, 0o600);

    const clients = new Set<net.Socket>();
    const front = net.createServer((client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      authenticate(client, Buffer.from(password, 'utf8'), socketPath);
    });
    front.maxConnections = 32;
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(port, '127.0.0.1', () => resolve());
    });
    const address = front.address() as net.AddressInfo;
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${address.port}/postgres?sslmode=disable`,
      socketPath,
      stop: async () => {
        for (const c of clients) c.destroy();
        await new Promise((r) => front.close(r));
        await inner.stop().catch(() => {});
        await pg.close().catch(() => {});
        cleanup();
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
