import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';

/** A key answers retries for 24 hours; after that it is ignored (a new request) and purged by the daily job. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/**
 * A first request still "running" after this long is taken to have died with its server: a retry may
 * take the key over. Should the first one in fact still be working, the operations it can run are
 * version-checked or unique (receipt numbers, invoice periods), so the second one gets a 409, never a
 * second effect.
 */
export const IDEMPOTENCY_CLAIM_TIMEOUT_MS = 60_000;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of method and path (the scope) and the JSON body, independent of key order and spacing. */
export function requestHash(scope: string, body: unknown): string {
  return createHash('sha256')
    .update(`${scope}\n${canonicalJson(body ?? {})}`)
    .digest('hex');
}

export type Claim =
  /** This request holds the key: act, then record (or release) with `claimedAt`. */
  | { kind: 'claimed'; claimedAt: Date }
  | { kind: 'replay'; status: number; body: unknown }
  /** The key was used for another method, path or body. */
  | { kind: 'mismatch' }
  /** The first request with this key is still running. */
  | { kind: 'running' };

/**
 * Claims `key` for one request (an insert, or a conditional update taking over an expired key or a dead
 * claim, so of two concurrent retries only one wins), or tells how to answer instead.
 */
export async function claimIdempotencyKey(
  db: DbOrTx,
  userId: string,
  key: string,
  scope: string,
  body: unknown,
  now = new Date(),
): Promise<Claim> {
  const hash = requestHash(scope, body);
  const fresh = { scope, requestHash: hash, status: null, body: null, createdAt: now, claimedAt: now };
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ userId, key, ...fresh })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length) return { kind: 'claimed', claimedAt: now };

  const mine = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  const takenOver = await db
    .update(idempotencyKeys)
    .set(fresh)
    .where(
      and(
        mine,
        or(
          lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)),
          and(
            isNull(idempotencyKeys.status),
            eq(idempotencyKeys.requestHash, hash),
            lt(idempotencyKeys.claimedAt, new Date(now.getTime() - IDEMPOTENCY_CLAIM_TIMEOUT_MS)),
          ),
        ),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (takenOver.length) return { kind: 'claimed', claimedAt: now };

  const [prior] = await db.select().from(idempotencyKeys).where(mine);
  // Gone between the statements (purged, or released after a server error): the caller may retry.
  if (!prior) return { kind: 'running' };
  // Keys stored before request hashes existed only know their method and path.
  const same = prior.requestHash ? prior.requestHash === hash : prior.scope === scope;
  if (!same) return { kind: 'mismatch' };
  if (prior.status === null) return { kind: 'running' };
  return { kind: 'replay', status: prior.status, body: prior.body };
}

const claimOf = (userId: string, key: string, claimedAt: Date) =>
  and(
    eq(idempotencyKeys.userId, userId),
    eq(idempotencyKeys.key, key),
    eq(idempotencyKeys.claimedAt, claimedAt),
    isNull(idempotencyKeys.status),
  );

/** Stores the answer to replay, unless the claim was taken over meanwhile (then the new holder's counts). */
export async function recordIdempotentResponse(
  db: DbOrTx,
  userId: string,
  key: string,
  claimedAt: Date,
  status: number,
  body: unknown,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status, body: body ?? null })
    .where(claimOf(userId, key, claimedAt));
}

/** Frees the key after a server error: a retry should really retry. */
export async function releaseIdempotencyKey(db: DbOrTx, userId: string, key: string, claimedAt: Date) {
  await db.delete(idempotencyKeys).where(claimOf(userId, key, claimedAt));
}

/** Deletes the keys older than 24 hours (the daily job). */
export async function purgeExpiredIdempotencyKeys(db: DbOrTx, now = new Date()): Promise<number> {
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}
