import type { z } from 'zod';
import type { Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import { clientIp } from '../auth/client-ip';
import { DATA_EXCEPTION_MESSAGE, type DomainError, isDataException, isDomainError } from '../errors';
import { err, inEnglish, parseKeyed, renderParams } from '../i18n/keyed';
import { isStorableText, isUuid } from '../validation/common';
import { findUnstorableText } from '../validation/parse';
import { claimIdempotencyKey, recordIdempotentResponse, releaseIdempotencyKey } from './idempotency';
import { authenticateBearer } from './tokens';
import { missingVersion } from './version-check';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type ApiContext = {
  db: Db;
  actor: Actor;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** The caller's address (lib/auth/client-ip.ts), for throttling. */
  ip: string;
};

/** One endpoint: how it is called, how it is described (OpenAPI), and the service call it adapts. */
export type ApiRoute = {
  method: Method;
  /** Path under /api/v1 with `{param}` segments, e.g. `/contracts/{id}/submit`. */
  path: string;
  summary: string;
  tag: string;
  /** No token needed (token creation, the OpenAPI document). */
  public?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Success status: 200 by default, 201 for creations, 202 for work started as a job (with a `url` to follow it: also the Location header), 204 for deletions. */
  status?: 200 | 201 | 202 | 204;
  /** Accepts `Idempotency-Key`: a retry with the same key replays the first answer. */
  idempotent?: boolean;
  /** The handler answers a file of this type (`{ filename, body }`) instead of JSON. */
  produces?: 'text/csv' | 'application/xml';
  handler: (ctx: ApiContext) => Promise<unknown>;
};

const STATUS: Record<string, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  invalid_state: 422,
  rate_limited: 429,
};

/** Largest request body accepted (JSON of one operation; bulk ids lists fit easily). */
export const MAX_BODY_BYTES = 1024 * 1024;

/*
 * Messages stored keyed (lib/i18n/keyed: a job item's error, a test case's, a bank line's note...) leave
 * in English, the API's language, whichever route returns them: one place, so no route can forget.
 */
const englishMessages = (_key: string, value: unknown) =>
  typeof value === 'string' && parseKeyed(value) ? inEnglish(value) : value;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (status === 204) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body, englishMessages), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/**
 * A message as the API gives it: English in `message` (as always), and its key in the catalogues with
 * its parameters, so a client can show it in its own language. Parameters that are themselves labels,
 * states or messages are given in English; a message that has no key (none should) gives none.
 */
function messageJson(message: string): { message: string; messageKey?: string; params?: object } {
  const keyed = parseKeyed(message);
  if (!keyed) return { message };
  return {
    message: inEnglish(message),
    messageKey: `errors.${keyed.key}`,
    ...(keyed.params ? { params: renderParams(keyed.params, 'en') } : {}),
  };
}

/** Error bodies: `message` and `fieldErrors` in English, beside their keys (`messageKey`, `fieldErrorKeys`). */
export function errorResponse(code: string, message: string, fieldErrors?: Record<string, string[]>) {
  const fields = fieldErrors
    ? {
        fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v.map(inEnglish)])),
        fieldErrorKeys: Object.fromEntries(
          Object.entries(fieldErrors).map(([k, v]) => [k, v.map((m) => messageJson(m).messageKey ?? null)]),
        ),
      }
    : {};
  return json(STATUS[code] ?? 500, { error: { code, ...messageJson(message), ...fields } });
}

function fromError(e: unknown): Response {
  if (isDomainError(e)) {
    const d = e as DomainError;
    return errorResponse(d.code, d.keyedMessage, d.fieldMessages);
  }
  if (isDataException(e)) {
    // Safety net: validation let a value through that PostgreSQL refuses (overflow, date range, NUL...).
    console.error('[api] data exception', e);
    return errorResponse('validation_failed', DATA_EXCEPTION_MESSAGE);
  }
  // Never a stack trace, never HTML: the details go to the server log only.
  console.error('[api] unexpected error', e);
  return errorResponse('internal', err('api.internal'));
}

type Match = { route: ApiRoute; params: Record<string, string> };

function match(routes: ApiRoute[], segments: string[]): { matches: Match[]; badId: boolean } {
  const matches: Match[] = [];
  let badId = false;
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    let invalid = false;
    for (let i = 0; i < pattern.length && ok; i++) {
      const p = pattern[i]!;
      const s = segments[i]!;
      if (p.startsWith('{')) {
        params[p.slice(1, -1)] = s;
        if (!isUuid(s)) invalid = true;
      } else ok = p === s;
    }
    if (!ok) continue;
    if (invalid) {
      badId = true;
      continue;
    }
    matches.push({ route, params });
  }
  // A literal segment beats a parameter: /contracts/bulk/approve is not /contracts/{id}/approve.
  const literal = (r: ApiRoute) => r.path.split('/').filter((s) => s && !s.startsWith('{')).length;
  matches.sort((a, b) => literal(b.route) - literal(a.route));
  return { matches, badId };
}

const tooLarge = () =>
  errorResponse('payload_too_large', err('api.tooLarge', { mb: MAX_BODY_BYTES / 1024 / 1024 }));

/**
 * The body as text, read with a cap: a declared length over the limit is refused before reading, and a
 * body without one (chunked) is cut off as soon as it passes the limit, so it never sits in memory whole.
 */
async function readCapped(request: Request): Promise<string | Response> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return errorResponse('invalid_request', err('api.notUtf8'));
  }
}

/** Text PostgreSQL cannot store (NUL, unpaired surrogates) anywhere in a body or query, as field errors. */
function unstorable(value: unknown): Response | null {
  const { paths, tooDeep } = findUnstorableText(value);
  if (tooDeep) return errorResponse('invalid_request', err('api.nestedTooDeeply'));
  if (!paths.length) return null;
  return errorResponse(
    'validation_failed',
    err('api.unstorable'),
    Object.fromEntries(paths.map((p) => [p, [err('validation.unstorableField')]])),
  );
}

async function readBody(request: Request, route: ApiRoute): Promise<Record<string, unknown> | Response> {
  if (route.method === 'GET') return {};
  const text = await readCapped(request);
  if (text instanceof Response) return text;
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return errorResponse('invalid_request', err('api.notJson'));
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return errorResponse('invalid_request', err('api.notObject'));
  const refused = unstorable(parsed);
  if (refused) return refused;
  // Unknown fields are refused at the door, whatever the service's own schema does with them.
  const shape = (route.body as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (shape) {
    // Own keys only: "constructor" or "__proto__" are unknown fields, not members of Object.prototype.
    const unknown = Object.keys(parsed).filter((k) => !Object.hasOwn(shape, k));
    if (unknown.length)
      return errorResponse(
        'invalid_request',
        err('unknownFields', { count: unknown.length, fields: unknown.join(', ') }),
        Object.fromEntries(unknown.map((k) => [k, [err('unknownField')]])),
      );
  }
  return parsed as Record<string, unknown>;
}

async function run(route: ApiRoute, ctx: ApiContext): Promise<Response> {
  try {
    const data = await route.handler(ctx);
    if (route.produces) {
      const file = data as { filename: string; body: string };
      return new Response(file.body, {
        status: 200,
        headers: {
          'content-type': `${route.produces}; charset=utf-8`,
          'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
          'cache-control': 'no-store',
        },
      });
    }
    if (route.status === 202) {
      const url = (data as { url?: string }).url;
      return json(202, data, url ? { location: url } : {});
    }
    return json(route.status ?? 200, data);
  } catch (e) {
    return fromError(e);
  }
}

/**
 * The first answer to a POST with an Idempotency-Key is stored (unless it was a server error, which a
 * retry should indeed retry) and replayed to every retry with the same key and the same request (method,
 * path and body, by hash) for 24 hours. The key is claimed before the work starts, so two concurrent
 * retries cannot both act; lib/api/idempotency.ts has the rules (reuse, expiry, dead claims).
 */
async function runIdempotent(
  route: ApiRoute,
  ctx: ApiContext,
  key: string,
  scope: string,
): Promise<Response> {
  const { db, actor } = ctx;
  const userId = actor.id!;
  if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key))
    return errorResponse('invalid_request', err('api.idempotencyKeyFormat'));
  const claim = await claimIdempotencyKey(db, userId, key, scope, ctx.body);
  if (claim.kind === 'mismatch') return errorResponse('validation_failed', err('api.idempotencyKeyReused'));
  if (claim.kind === 'running') return errorResponse('conflict', err('api.idempotencyKeyRunning'));
  if (claim.kind === 'replay') return json(claim.status, claim.body, { 'idempotent-replayed': 'true' });
  const response = await run(route, ctx);
  if (response.status >= 500) {
    await releaseIdempotencyKey(db, userId, key, claim.claimedAt);
    return response;
  }
  const body = response.status === 204 ? null : await response.clone().json();
  await recordIdempotentResponse(db, userId, key, claim.claimedAt, response.status, body);
  return response;
}

/** Serves one request to /api/v1/...: route, authenticate, parse, call the service, map errors. */
export async function dispatch(db: Db, routes: ApiRoute[], request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const rest = url.pathname.replace(/^\/api\/v1/, '');
    let segments: string[];
    try {
      segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return errorResponse('invalid_request', err('api.pathEncoding'));
    }
    if (segments.some((s) => !isStorableText(s))) return errorResponse('not_found', err('api.notFound'));
    const { matches, badId } = match(routes, segments);
    if (!matches.length)
      return errorResponse(
        'not_found',
        badId ? err('api.notFound') : err('api.noEndpoint', { path: url.pathname }),
      );
    const found = matches.find((m) => m.route.method === request.method);
    if (!found) {
      const allowed = [...new Set(matches.map((m) => m.route.method))].join(', ');
      const message = messageJson(err('api.methodNotAllowed', { allowed }));
      return json(405, { error: { code: 'method_not_allowed', ...message } }, { allow: allowed });
    }
    const { route, params } = found;
    let actor: Actor | null = null;
    if (!route.public) {
      try {
        actor = await authenticateBearer(db, request.headers.get('authorization'));
      } catch (e) {
        return fromError(e);
      }
    }
    const body = await readBody(request, route);
    if (body instanceof Response) return body;
    const unversioned = missingVersion(route, body);
    if (unversioned)
      return errorResponse('validation_failed', unversioned.message, {
        [unversioned.field]: [unversioned.message],
      });
    const query = Object.fromEntries(url.searchParams.entries());
    const refusedQuery = unstorable(query);
    if (refusedQuery) return refusedQuery;
    const ip = clientIp(request.headers);
    const ctx: ApiContext = { db, actor: actor as Actor, params, query, body, ip };
    const key = request.headers.get('idempotency-key');
    if (route.idempotent && key && actor?.id)
      return await runIdempotent(route, ctx, key, `${route.method} ${url.pathname}`);
    return await run(route, ctx);
  } catch (e) {
    return fromError(e);
  }
}
