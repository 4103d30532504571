import { createHash, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { type Actor, assertCan, loadActor } from '../auth/actor';
import { signIn } from '../auth/sign-in';
import { DomainError, NotFoundError, UnauthenticatedError } from '../errors';
import { err, label } from '../i18n/keyed';
import { parseInput } from '../validation/parse';

export const TOKEN_DAYS = 90;
/** Tokens a user may create per window: enough for any integration, too few for a runaway script. */
export const TOKEN_RATE = { max: 10, windowMinutes: 60 };

export class RateLimitedError extends DomainError {
  override readonly code = 'rate_limited';
}

const required = (field: 'email' | 'password') => err('required', { label: label(field) });

export const tokenRequest = z.strictObject({
  email: z
    .string({ error: required('email') })
    .trim()
    .min(1, required('email'))
    .max(255),
  password: z
    .string({ error: required('password') })
    .min(1, required('password'))
    .max(1024),
  name: z
    .string()
    .trim()
    .max(100, err('tooLong', { label: label('name'), max: 100 }))
    .optional(),
});

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** What a token list shows: never the secret, nor its hash. */
const tokenColumns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export type TokenDto = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** The one answer to every failed token request (see signIn: it never tells which accounts exist). */
export const SIGN_IN_FAILED = err('api.signInFailed');

/**
 * POST /api/v1/tokens: e-mail and password (the same throttle as the sign-in page, by the caller's
 * address) → a personal token acting as that user. Only its hash is stored; the token itself is shown once.
 */
export async function createApiToken(
  db: DbOrTx,
  input: unknown,
  { ip, now = new Date() }: { ip: string; now?: Date },
): Promise<{ token: string; expiresAt: Date; id: string }> {
  const { email, password, name } = parseInput(tokenRequest, input);
  const result = await signIn(db, { email, password, ip }, { now });
  if (!result.ok) throw new UnauthenticatedError(SIGN_IN_FAILED);
  return issueToken(db, result.userId, name, now);
}

/** A signed-in user creates a token for themself from their profile page (same rate limit). */
export async function createOwnApiToken(db: DbOrTx, actor: Actor, input: unknown, now = new Date()) {
  if (!actor.id) throw new UnauthenticatedError();
  const { name } = parseInput(z.strictObject({ name: tokenRequest.shape.name }), input);
  return issueToken(db, actor.id, name, now);
}

/**
 * Count and insert under a per-user transaction-scoped advisory lock: two parallel requests of one
 * user take turns, so the second one counts the first one's token (a plain count-then-insert let 11
 * tokens through a limit of 10). The lock is released at commit; other users are not blocked.
 */
async function issueToken(db: DbOrTx, userId: string, name: string | undefined, now: Date) {
  const since = new Date(now.getTime() - TOKEN_RATE.windowMinutes * 60_000);
  const token = `pct_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + TOKEN_DAYS * 86_400_000);
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`api-token-rate:${userId}`}, 0))`);
    const [recent] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), gt(apiTokens.createdAt, since)));
    if ((recent?.n ?? 0) >= TOKEN_RATE.max)
      throw new RateLimitedError(
        err('api.tokenRate', { max: TOKEN_RATE.max, minutes: TOKEN_RATE.windowMinutes }),
      );
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId,
        name: name || 'API token',
        tokenHash: hash(token),
        prefix: token.slice(0, 12),
        createdAt: now,
        expiresAt,
      })
      .returning({ id: apiTokens.id });
    return row!.id;
  });
  return { token, expiresAt, id };
}

/** The actor behind `Authorization: Bearer <token>`, or an unauthenticated error (never which part failed). */
export async function authenticateBearer(
  db: DbOrTx,
  header: string | null,
  now = new Date(),
): Promise<Actor> {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) throw new UnauthenticatedError(err('api.bearerMissing'));
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hash(match[1]!)),
        isNull(apiTokens.revokedAt),
        gt(apiTokens.expiresAt, now),
      ),
    );
  if (!row) throw new UnauthenticatedError(err('api.tokenUnknown'));
  const actor = await loadActor(db, row.userId, 'api', now);
  if (!actor) throw new UnauthenticatedError(err('api.tokenUnknown'));
  // "Last used" to the minute is enough, and saves a write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return actor;
}

/** A user's own tokens; administrators (admin.users) may list anyone's. */
export async function listApiTokens(db: DbOrTx, actor: Actor, userId = actor.id): Promise<TokenDto[]> {
  if (!actor.id) throw new UnauthenticatedError();
  if (userId !== actor.id) assertCan(actor, 'admin.users');
  return db
    .select(tokenColumns)
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId!))
    .orderBy(desc(apiTokens.createdAt));
}

/** Every token of every user, for administrators: who can reach the API, and since when. */
export async function listAllApiTokens(
  db: DbOrTx,
  actor: Actor,
): Promise<(TokenDto & { userEmail: string })[]> {
  assertCan(actor, 'admin.users');
  return db
    .select({ ...tokenColumns, userEmail: users.email })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
}

/** Revokes a token at once: its owner, or an administrator. Someone else's token is "not found". */
export async function revokeApiToken(db: DbOrTx, actor: Actor, id: string, now = new Date()): Promise<void> {
  if (!actor.id) throw new UnauthenticatedError();
  const admin = actor.permissions.has('admin.users');
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy: actor.id })
    .where(
      and(
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
        admin ? undefined : eq(apiTokens.userId, actor.id),
      ),
    )
    .returning({ id: apiTokens.id });
  if (!rows.length) throw new NotFoundError(err('notFound', { label: label('token') }));
}
