import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { exportJournal } from '@/lib/billing/statement';
import { isDomainError } from '@/lib/errors';
import { localize } from '@/lib/i18n/localize';
import { getLocale } from '@/lib/i18n/server';

/** The journal of a period as a CSV download for a signed-in user with payment.record (the staff UI's link). */
export async function GET(request: Request) {
  const url = new URL(request.url);
  try {
    const actor = await requireActor('payment.record');
    const j = await exportJournal(getDb(), actor, Object.fromEntries(url.searchParams));
    return new Response(j.csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${j.filename}"`,
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
