import { getDb } from '@/db/client';
import { FileIntegrityError } from '@/lib/attachments/attachments';
import { fileResponse } from '@/lib/attachments/http';
import { isDomainError } from '@/lib/errors';
import { downloadSharedFile } from '@/lib/sharing/visit';
import { currentVisit } from '../visit';

/** The shared file (or invoice PDF) of a link, through the same gate as its page; logged as a download. */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    return fileResponse(await downloadSharedFile(getDb(), token, await currentVisit()));
  } catch (e) {
    if (isDomainError(e) || e instanceof FileIntegrityError) {
      const status = e instanceof FileIntegrityError ? 500 : 404;
      return new Response(e.message, {
        status,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    throw e;
  }
}
