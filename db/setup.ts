import postgres from 'postgres';
import { hasAdministrator } from '@/lib/admin/first-admin';
import { openDb } from './client';
import { migrateDb } from './migrate';
import { seedDemo } from './seed/demo';
import { ensureRoles } from './seed/roles';

/*
 * Preparing a database (migrations, then the demo data or the standard roles) runs under a PostgreSQL
 * session advisory lock, so two instances starting at once against one fresh database take turns:
 * without it both would read "no migration applied yet" and the second would fail half-way (or load
 * the demo data twice). The two-key form (its own key space, apart from the one-key locks the
 * approvals take on insurees): 'pact' and 1.
 */
export const SETUP_LOCK_SQL = 'select pg_advisory_lock(1885430644, 1)';
const SETUP_UNLOCK_SQL = 'select pg_advisory_unlock(1885430644, 1)';

// PGlite serves every connection from one backend session, where an advisory lock is re-entrant and
// so does not keep two callers of one process apart: they also queue here. Across processes (the real
// server), only the advisory lock counts.
let queue: Promise<void> = Promise.resolve();

/**
 * Runs `work` while holding the setup lock, taken on a connection of its own (so the work may use any
 * pool) and released however the work ends; a crashed holder's lock goes with its session.
 */
export async function withSetupLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const previous = queue;
  let done!: () => void;
  queue = new Promise<void>((resolve) => {
    done = resolve;
  });
  await previous;
  const lock = postgres(url, {
    max: 1,
    prepare: false,
    onnotice: () => {},
    connection: { application_name: 'pactum-setup' },
  });
  try {
    await lock.unsafe(SETUP_LOCK_SQL);
    try {
      return await work();
    } finally {
      await lock.unsafe(SETUP_UNLOCK_SQL).catch(() => {});
    }
  } finally {
    await lock.end({ timeout: 5 }).catch(() => {});
    done();
  }
}

/**
 * Whether the launcher loads the demo data (accounts with a published password): on the embedded
 * database (a local trial) unless refused, elsewhere only when asked. A production DATABASE_URL never
 * gets demo accounts by accident.
 */
export function wantsDemoData(options: {
  embedded: boolean;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}): boolean {
  const { embedded, argv, env } = options;
  if (argv.includes('--no-demo') || env.PACTUM_DEMO === '0') return false;
  return embedded || argv.includes('--demo') || env.PACTUM_DEMO === '1';
}

export type SetupResult = { demoLoaded: boolean; needsFirstAdmin: boolean };

/** Migrates, then loads the demo data (when wanted, once) or only the standard roles, under the setup lock. */
export async function setupDatabase(
  url: string,
  options: { demo: boolean; noPrepare?: boolean },
): Promise<SetupResult> {
  return withSetupLock(url, async () => {
    const handle = openDb(url, { max: 1, noPrepare: options.noPrepare });
    try {
      await migrateDb(handle.db);
      let demoLoaded = false;
      if (options.demo) demoLoaded = await seedDemo(handle.db);
      else await handle.db.transaction((tx) => ensureRoles(tx));
      return { demoLoaded, needsFirstAdmin: !(await hasAdministrator(handle.db)) };
    } finally {
      await handle.close();
    }
  });
}

/** What the launcher prints when a database has no administrator yet. */
export function firstAdminHelp(): string[] {
  return [
    'This database has no administrator yet. Create the first one with:',
    '  npm run admin:create -- --email you@example.com --name "Your Name"',
    'It asks for the password (or reads PACTUM_ADMIN_PASSWORD, or generates one when not run in a terminal).',
    'For a trial with the demo accounts instead: npm start -- --demo (or PACTUM_DEMO=1).',
  ];
}
