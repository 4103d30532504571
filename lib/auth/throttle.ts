import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { authThrottle } from '@/db/schema';

/*
 * Sign-in throttling, shared by every server process because the counters live in PostgreSQL.
 *
 * Why not rate-limiter-flexible: its PostgreSQL store talks to node-postgres, Sequelize, TypeORM, Knex or
 * Prisma clients and creates its own table at run time; we use postgres.js (and PGlite in tests) and keep
 * every table in drizzle migrations. The whole limiter is one atomic `insert … on conflict do update …
 * returning` (the row lock of the upsert serialises concurrent attempts), which is all it needs.
 *
 * Three counters per attempt, counted BEFORE the password is checked (so a burst of parallel guesses
 * cannot all slip through a check-then-count gap):
 * - the (account, IP) pair: after PAIR_MAX attempts in the window that pair is refused until the window
 *   ends. A guesser is stopped, but the real user on another IP is not affected;
 * - the IP: after IP_MAX attempts in the window that IP is refused (one IP spraying many accounts);
 * - the account across all IPs: never refuses (a stranger must not be able to lock a real user out),
 *   it only slows each further attempt down, which bounds distributed guessing.
 * A successful sign-in clears its pair and account counters and gives its attempt back to the IP.
 */
export const THROTTLE = {
  windowMinutes: 15,
  pairMax: 5,
  ipMax: 50,
  /** Attempts on one account (all IPs) before each further attempt is slowed down. */
  accountFree: 10,
  accountDelayMs: 500,
  accountMaxDelayMs: 5_000,
};

export type AttemptKeys = { email: string; ip: string };
export type AttemptVerdict = { allowed: boolean; delayMs: number; retryAt: Date | null };

function keysOf({ email, ip }: AttemptKeys) {
  const account = email.trim().toLowerCase();
  // Fixed order (ip, pair, account) for every request, so concurrent upserts never lock rows in
  // opposite orders (no deadlock).
  return { ip: `ip:${ip}`, pair: `pair:${account}|${ip}`, account: `account:${account}` };
}

/** Counts one attempt on each counter and says whether it may go on, and after how long a pause. */
export async function consumeSignInAttempt(
  db: DbOrTx,
  attempt: AttemptKeys,
  now = new Date(),
): Promise<AttemptVerdict> {
  const k = keysOf(attempt);
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000).toISOString();
  const at = now.toISOString();
  const rows = await db
    .insert(authThrottle)
    .values([k.ip, k.pair, k.account].map((key) => ({ key, failures: 1, windowStart: now })))
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`case when ${authThrottle.windowStart} <= ${windowStart}::timestamptz then 1 else ${authThrottle.failures} + 1 end`,
        windowStart: sql`case when ${authThrottle.windowStart} <= ${windowStart}::timestamptz then ${at}::timestamptz else ${authThrottle.windowStart} end`,
      },
    })
    .returning({
      key: authThrottle.key,
      failures: authThrottle.failures,
      windowStart: authThrottle.windowStart,
    });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const until = (key: string) => {
    const row = byKey.get(key);
    return row ? new Date(row.windowStart.getTime() + THROTTLE.windowMinutes * 60_000) : null;
  };
  const over = (key: string, max: number) => (byKey.get(key)?.failures ?? 0) > max;
  const blockedKeys = [
    over(k.pair, THROTTLE.pairMax) ? k.pair : null,
    over(k.ip, THROTTLE.ipMax) ? k.ip : null,
  ].filter((x): x is string => x !== null);
  if (blockedKeys.length) {
    const retryAt = new Date(Math.max(...blockedKeys.map((key) => until(key)!.getTime())));
    await db
      .update(authThrottle)
      .set({ blockedUntil: retryAt })
      .where(inArray(authThrottle.key, blockedKeys));
    return { allowed: false, delayMs: 0, retryAt };
  }
  const extra = (byKey.get(k.account)?.failures ?? 0) - THROTTLE.accountFree;
  const delayMs = extra > 0 ? Math.min(THROTTLE.accountMaxDelayMs, extra * THROTTLE.accountDelayMs) : 0;
  return { allowed: true, delayMs, retryAt: null };
}

/** After a successful sign-in: the pair and account start afresh, and the IP gets its attempt back. */
export async function clearSignInAttempts(db: DbOrTx, attempt: AttemptKeys): Promise<void> {
  const k = keysOf(attempt);
  await db.delete(authThrottle).where(inArray(authThrottle.key, [k.pair, k.account]));
  await db
    .update(authThrottle)
    .set({ failures: sql`greatest(${authThrottle.failures} - 1, 0)` })
    .where(eq(authThrottle.key, k.ip));
}

/** An administrator's "unlock": forgets every counter of this account (all its IP pairs too). */
export async function forgetAccountAttempts(db: DbOrTx, email: string): Promise<void> {
  const account = email.trim().toLowerCase();
  await db
    .delete(authThrottle)
    .where(
      sql`${authThrottle.key} = ${`account:${account}`} or starts_with(${authThrottle.key}, ${`pair:${account}|`})`,
    );
}

/** Drops counters whose window ended long ago (the daily job). */
export async function pruneSignInAttempts(db: DbOrTx, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - 24 * 3_600_000);
  const rows = await db
    .delete(authThrottle)
    .where(and(lt(authThrottle.windowStart, before)))
    .returning({ key: authThrottle.key });
  return rows.length;
}
