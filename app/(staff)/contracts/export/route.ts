import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { isDomainError } from '@/lib/errors';
import { exportContracts } from '@/lib/exports/contracts';
import { EXPORT_TYPES } from '@/lib/exports/table-stream';
import { localize } from '@/lib/i18n/localize';
import { getLocale } from '@/lib/i18n/server';

/** The contract search (same URL filters as the page) as a streamed CSV or XLSX download: `?format=xlsx`. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const { format: f, ...params } = Object.fromEntries(url.searchParams);
  const format = f === 'xlsx' ? 'xlsx' : 'csv';
  try {
    const actor = await requireActor();
    const { stream, filename } = exportContracts(getDb(), actor, params, format);
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
      const status = { unauthenticated: 401, forbidden: 403 }[e.code] ?? 422;
      // What a person reads, in their language (the services raise keyed messages).
      const locale = await getLocale().catch(() => 'en' as const);
      const message = localize(e.keyedMessage, locale);
      return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    throw e;
  }
}
