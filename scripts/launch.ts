/**
 * `npm start` / `npm run dev`: prepares the database (embedded PostgreSQL unless DATABASE_URL is set),
 * applies migrations, loads the demo data on first start (on the embedded database, or when asked with
 * `--demo` / PACTUM_DEMO=1; never by default on a DATABASE_URL), builds the app when its sources changed,
 * and runs `next start` (or `next dev`) against it. Ctrl-C stops both; the data survives a restart.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { firstAdminHelp, setupDatabase, wantsDemoData } from '../db/setup';
import { installQueue } from '../lib/jobs/queue';
import { type EmbeddedDb, startEmbeddedDb } from './embedded-db';

const root = path.resolve(import.meta.dirname, '..');
const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const fresh = process.argv.includes('--fresh');
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(root, process.env.PACTUM_DATA_DIR ?? '.data/postgres');
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

function log(msg: string) {
  console.log(`[pactum] ${msg}`);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

function needsBuild(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'lib', 'db', 'package.json', 'next.config.ts', 'instrumentation.ts'];
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  // Persisted so that sessions survive a restart; only for the local/demo setup.
  const file = path.join(root, '.data', 'auth-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function main() {
  let embedded: EmbeddedDb | undefined;
  let databaseUrl = process.env.DATABASE_URL || '';
  if (!databaseUrl) {
    if (fresh) {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    log(`embedded PostgreSQL in ${path.relative(root, dataDir)}`);
    if (fs.existsSync(path.join(root, '.data/pglite')) && !process.env.PACTUM_DATA_DIR)
      log('.data/pglite (the PGlite database of versions before the job queue) is left as it was, unused');
    embedded = await startEmbeddedDb(dataDir, Number(process.env.PACTUM_DB_PORT ?? 0));
    databaseUrl = embedded.url;
  } else {
    log('using the PostgreSQL server in DATABASE_URL');
  }

  let stopping = false;
  const stopDb = async () => {
    if (embedded) await embedded.stop();
  };

  try {
    const demo = wantsDemoData({ embedded: !!embedded, argv: process.argv, env: process.env });
    // Owner/app role split (README, Security): migrations run as the owner (PACTUM_MIGRATE_URL), the app
    // as DATABASE_URL's role, which then gets only the rights it needs (db/migrate.ts, grantAppRole).
    const migrateUrl = (!embedded && process.env.PACTUM_MIGRATE_URL) || databaseUrl;
    if (migrateUrl !== databaseUrl && !process.env.PACTUM_APP_ROLE)
      process.env.PACTUM_APP_ROLE = decodeURIComponent(new URL(databaseUrl).username);
    const setup = await setupDatabase(migrateUrl, { demo });
    await installQueue(migrateUrl);
    if (setup.demoLoaded) log('demo data loaded (accounts: see README, password demo1234)');
    if (setup.needsFirstAdmin) for (const line of firstAdminHelp()) log(line);
  } catch (e) {
    await stopDb();
    throw e;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PACTUM_DB_POOL: process.env.PACTUM_DB_POOL ?? '10',
    AUTH_SECRET: authSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: '1',
  };

  if (mode === 'start' && needsBuild()) {
    log('building the app (next build)...');
    const code = await run(['build'], { ...env, NODE_ENV: 'production' });
    if (code !== 0) {
      await stopDb();
      process.exit(code);
    }
  }

  const args = mode === 'dev' ? ['dev', '-p', String(port)] : ['start', '-p', String(port)];
  const child = spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: 'inherit' });
  log(`serving on http://localhost:${port}`);

  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${signal})...`);
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    clearTimeout(timer);
    await stopDb();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  child.on('exit', async (code) => {
    if (stopping) return;
    stopping = true;
    await stopDb();
    process.exit(code ?? 1);
  });
}

main().catch((e) => {
  console.error(`[pactum] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
