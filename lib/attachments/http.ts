import { getDb } from '@/db/client';
import type { Actor } from '../auth/actor';
import { getActor } from '../auth/session';
import { isDomainError } from '../errors';
import { err } from '../i18n/keyed';
import { localize, localizeError } from '../i18n/localize';
import { getLocale } from '../i18n/server';
import { CHECKSUM_MISMATCH, FileIntegrityError } from './attachments';

/**
 * The file routes (app/api/files, app/api/documents) are for the signed-in browser, like server actions:
 * the session cookie authenticates, the service authorises. They are route handlers rather than server
 * actions so that a 20 MB file does not need a larger body limit for every action.
 */
const STATUS: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation_failed: 422,
  invalid_state: 422,
  invalid_request: 400,
};

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * A state-changing request must come from our own pages: the browser's Origin must be this host. (The
 * session cookie is SameSite=Lax already; this closes the rest, as Next does for server actions.)
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function withActor(work: (actor: Actor, db: ReturnType<typeof getDb>) => Promise<Response>) {
  const locale = await getLocale().catch(() => 'en' as const);
  try {
    const actor = await getActor();
    if (!actor)
      return jsonResponse(401, {
        ok: false,
        code: 'unauthenticated',
        error: localize(err('pleaseSignIn'), locale),
      });
    return await work(actor, getDb());
  } catch (e) {
    if (isDomainError(e))
      return jsonResponse(STATUS[e.code] ?? 400, {
        ok: false,
        code: e.code,
        ...localizeError(e, locale),
      });
    if (e instanceof FileIntegrityError)
      // Logged where it was found; a 500-class answer that says what happened, never the wrong bytes.
      return jsonResponse(500, {
        ok: false,
        code: 'integrity',
        error: localize(CHECKSUM_MISMATCH, locale),
      });
    console.error('[files] unexpected error', e);
    return jsonResponse(500, {
      ok: false,
      code: 'internal',
      error: localize(err('common.somethingWentWrongNothing'), locale),
    });
  }
}

/** A file always as a download: never rendered as one of our pages, never sniffed into another type. */
export function fileResponse(file: {
  contentType: string;
  bytes: Uint8Array;
  disposition: string;
}): Response {
  return new Response(Buffer.from(file.bytes), {
    status: 200,
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.bytes.length),
      'content-disposition': file.disposition,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      // Should a browser still open it, it runs nothing and loads nothing.
      'content-security-policy': "default-src 'none'; sandbox",
    },
  });
}
