import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/session';
import { isDomainError } from '../errors';
import { localize } from '../i18n/localize';
import { getLocale } from '../i18n/server';
import { EXPORT_TYPES, type ExportFormat } from './table-stream';

/**
 * The export routes' one adapter (contracts, registers, statement): the signed-in actor, `?format=csv|xlsx`
 * and the page's own search parameters, a streamed download; a refusal is a plain-text 4xx, never a file.
 */
export async function exportResponse(
  request: Request,
  work: (
    actor: Actor,
    params: Record<string, string>,
    format: ExportFormat,
  ) =>
    | Promise<{ stream: ReadableStream<Uint8Array>; filename: string }>
    | { stream: ReadableStream<Uint8Array>; filename: string },
): Promise<Response> {
  const url = new URL(request.url);
  const {
    format: f,
    page: _p,
    pageSize: _s,
    sort: _o,
    dir: _d,
    ...params
  } = Object.fromEntries(url.searchParams);
  const format: ExportFormat = f === 'xlsx' ? 'xlsx' : 'csv';
  try {
    const actor = await requireActor();
    const { stream, filename } = await work(actor, params, format);
    return new Response(stream, {
      headers: {
        'content-type': EXPORT_TYPES[format],
        'content-disposition': `attachment; filename="${filename}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      },
    });
  } catch (e) {
    if (isDomainError(e)) {
      const status = { unauthenticated: 401, forbidden: 403, not_found: 404 }[e.code] ?? 422;
      // What a person reads, in their language (the services raise keyed messages).
      const locale = await getLocale().catch(() => 'en' as const);
      const message = localize(e.keyedMessage, locale);
      return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    throw e;
  }
}
