import { getDb } from '@/db/client';
import { exportResponse } from '@/lib/exports/http';
import { exportStatement } from '@/lib/exports/statement';
import { isUuid } from '@/lib/validation/common';

/**
 * A policy holder's statement (`from`, `to` as on the page) as a streamed CSV or XLSX download. The
 * portal's account page links here too: the service lets a portal user read only its own policy holder.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isUuid(id)) return new Response('Not found', { status: 404 });
  return exportResponse(request, (actor, query, format) =>
    exportStatement(getDb(), actor, id, query, format),
  );
}
