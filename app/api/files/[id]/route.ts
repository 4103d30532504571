import { downloadAttachment } from '@/lib/attachments/attachments';
import { fileResponse, withActor } from '@/lib/attachments/http';

export const dynamic = 'force-dynamic';

/** Download a file the reader may see (scope and "internal" are the service's), checksum verified. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(async (actor, db) => fileResponse(await downloadAttachment(db, actor, id)));
}
