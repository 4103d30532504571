import { getDb } from '@/db/client';
import { requireActor } from '@/lib/auth/session';
import { getCollectionFile } from '@/lib/collection/runs';
import { isDomainError } from '@/lib/errors';
import { localize } from '@/lib/i18n/localize';
import { getLocale } from '@/lib/i18n/server';
import { isUuid } from '@/lib/validation/common';

/** A collection file (pain.008 XML) as a download, for a signed-in user with collection.manage. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const actor = await requireActor('collection.manage');
    if (!isUuid(id)) return new Response('Not found.', { status: 404 });
    const f = await getCollectionFile(getDb(), actor, id);
    return new Response(f.xml, {
      headers: {
        'content-type': 'application/xml; charset=utf-8',
        'content-disposition': `attachment; filename="${f.fileName.replace(/[^\w.-]/g, '_')}"`,
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
