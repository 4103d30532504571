import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createFirstAdmin } from '@/lib/admin/first-admin';
import { systemActor } from '@/lib/auth/actor';
import { verifyPassword } from '@/lib/auth/password';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/errors';
import { openDb } from './client';
import { contracts, roles, users } from './schema';
import { SETUP_LOCK_SQL, setupDatabase, wantsDemoData, withSetupLock } from './setup';
import { withDatabase } from './testing/global-setup';

const root = path.resolve(import.meta.dirname, '..');
const serverUrl = process.env.DATABASE_URL;

/**
 * An empty database, never migrated: a new database on the server in DATABASE_URL (CI), else a new
 * in-memory PGlite served over the wire like the embedded database.
 */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (serverUrl) {
    const name = `pactum_setup_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    return {
      url: withDatabase(serverUrl, name),
      drop: async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const pg = await PGlite.create({ extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    drop: async () => {
      await server.stop();
      await pg.close();
    },
  };
}

async function counts(url: string) {
  const h = openDb(url, { max: 1, noPrepare: !serverUrl });
  try {
    const [u] = await h.db.select({ n: count() }).from(users);
    const [r] = await h.db.select({ n: count() }).from(roles);
    const [c] = await h.db.select({ n: count() }).from(contracts);
    const [m] = await h.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return { users: u!.n, roles: r!.n, contracts: c!.n, migrations: m!.n };
  } finally {
    await h.close();
  }
}

/** `npm run db:migrate -- --seed` in a process of its own. */
function migrateInChild(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts', '--seed'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('demo data decision', () => {
  it.each([
    ['embedded database', { embedded: true, argv: [], env: {} }, true],
    ['embedded database, refused', { embedded: true, argv: ['--no-demo'], env: {} }, false],
    ['embedded database, refused by env', { embedded: true, argv: [], env: { PACTUM_DEMO: '0' } }, false],
    ['DATABASE_URL', { embedded: false, argv: [], env: {} }, false],
    ['DATABASE_URL with --demo', { embedded: false, argv: ['start', '--demo'], env: {} }, true],
    ['DATABASE_URL with PACTUM_DEMO=1', { embedded: false, argv: [], env: { PACTUM_DEMO: '1' } }, true],
    ['DATABASE_URL with PACTUM_DEMO=yes', { embedded: false, argv: [], env: { PACTUM_DEMO: 'yes' } }, false],
  ] as const)('%s', (_, options, expected) => {
    expect(wantsDemoData(options)).toBe(expected);
  });
});

describe('setting up a database without demo data, and its first administrator', () => {
  it('creates the roles only, asks for an administrator, and creates it once', async () => {
    const fresh = await freshDatabase();
    try {
      expect(await setupDatabase(fresh.url, { demo: false, noPrepare: !serverUrl })).toEqual({
        demoLoaded: false,
        needsFirstAdmin: true,
      });
      const after = await counts(fresh.url);
      expect(after).toMatchObject({ users: 0, contracts: 0 });
      expect(after.roles).toBeGreaterThan(0);

      const h = openDb(fresh.url, { max: 1, noPrepare: !serverUrl });
      try {
        const system = systemActor(['admin.users']);
        const input = { email: ' Boss@Example.com ', name: 'The Boss', password: 'correct horse 42' };
        await expect(createFirstAdmin(h.db, systemActor([]), input)).rejects.toBeInstanceOf(ForbiddenError);
        await expect(createFirstAdmin(h.db, system, { ...input, password: 'short' })).rejects.toBeInstanceOf(
          ValidationError,
        );
        await expect(createFirstAdmin(h.db, system, { ...input, email: 'nope' })).rejects.toBeInstanceOf(
          ValidationError,
        );
        expect(await createFirstAdmin(h.db, system, input)).toMatchObject({ email: 'boss@example.com' });
        const [boss] = await h.db
          .select({ hash: users.passwordHash, role: roles.code })
          .from(users)
          .innerJoin(roles, eq(roles.id, users.roleId))
          .where(eq(users.email, 'boss@example.com'));
        expect(boss?.role).toBe('admin');
        expect(await verifyPassword('correct horse 42', boss!.hash)).toBe(true);

        // A second "first" administrator is refused unless forced.
        const second = { email: 'two@example.com', name: 'Two', password: 'another pass 7' };
        await expect(createFirstAdmin(h.db, system, second)).rejects.toBeInstanceOf(ConflictError);
        await createFirstAdmin(h.db, system, { ...second, force: true });
      } finally {
        await h.close();
      }
      // The next start finds an administrator and loads no demo data.
      expect(await setupDatabase(fresh.url, { demo: false, noPrepare: !serverUrl })).toEqual({
        demoLoaded: false,
        needsFirstAdmin: false,
      });
      expect((await counts(fresh.url)).users).toBe(2);
    } finally {
      await fresh.drop();
    }
  }, 240_000);
});

describe('two instances starting at once', () => {
  // On the real server (CI) they are two processes, so only the advisory lock keeps them apart: without
  // it both see "no migration applied" and the second fails (or the demo data is loaded twice). PGlite
  // has one session for every connection, so there the two runs share this process.
  it('migrate and seed one fresh database once', async () => {
    const fresh = await freshDatabase();
    try {
      if (serverUrl) {
        const runs = await Promise.all([migrateInChild(fresh.url), migrateInChild(fresh.url)]);
        for (const run of runs) expect(run, run.output).toMatchObject({ code: 0 });
        expect(runs.filter((r) => r.output.includes('demo data loaded'))).toHaveLength(1);
      } else {
        const runs = await Promise.all([
          setupDatabase(fresh.url, { demo: true, noPrepare: true }),
          setupDatabase(fresh.url, { demo: true, noPrepare: true }),
        ]);
        expect(runs.map((r) => r.demoLoaded).sort()).toEqual([false, true]);
      }
      const after = await counts(fresh.url);
      expect(after).toMatchObject({ users: 7, contracts: 4 });
      expect(after.migrations).toBeGreaterThan(0);
    } finally {
      await fresh.drop();
    }
  }, 240_000);

  it.skipIf(!serverUrl)('holds the lock on the server while the work runs, and releases it', async () => {
    const other = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    const tryLock = SETUP_LOCK_SQL.replace('pg_advisory_lock', 'pg_try_advisory_lock');
    try {
      const seen = await withSetupLock(serverUrl!, async () => {
        const [row] = await other.unsafe(tryLock);
        return Object.values(row!)[0];
      });
      expect(seen).toBe(false);
      const [row] = await other.unsafe(tryLock);
      expect(Object.values(row!)[0]).toBe(true);
    } finally {
      await other.end();
    }
  });
});
