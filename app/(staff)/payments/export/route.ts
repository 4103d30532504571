import { getDb } from '@/db/client';
import { exportResponse } from '@/lib/exports/http';
import { exportRegister } from '@/lib/exports/registers';

/** The payments register (same URL search as its page) as a streamed CSV or XLSX download: `?format=xlsx`. */
export async function GET(request: Request) {
  return exportResponse(request, (actor, params, format) =>
    exportRegister(getDb(), actor, 'payments', params, format),
  );
}
