import { FILE_TOO_LARGE, uploadAttachment } from '@/lib/attachments/attachments';
import { isSameOrigin, jsonResponse, withActor } from '@/lib/attachments/http';
import { ValidationError } from '@/lib/errors';
import { err } from '@/lib/i18n/keyed';
import { maxUploadBytes } from '@/lib/storage/files';

export const dynamic = 'force-dynamic';

/** Upload one file (multipart: file, category, contractId or policyHolderId, commentId, internal). */
export async function POST(request: Request) {
  if (!isSameOrigin(request))
    return jsonResponse(403, { ok: false, code: 'forbidden', error: 'Cross-site upload refused.' });
  return withActor(async (actor, db) => {
    // The declared size is checked before anything is read; the service checks the bytes again.
    const declared = Number(request.headers.get('content-length') ?? Number.NaN);
    if (!Number.isFinite(declared) || declared > maxUploadBytes() + 64 * 1024) {
      const mb = Math.round(maxUploadBytes() / 1048576);
      throw new ValidationError(FILE_TOO_LARGE(mb));
    }
    const form = await request.formData().catch(() => null);
    const file = form?.get('file');
    if (!form || !(file instanceof File)) throw new ValidationError(err('attachments.chooseFileUpload'));
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const created = await uploadAttachment(
      db,
      actor,
      {
        contractId: field('contractId'),
        policyHolderId: field('policyHolderId'),
        commentId: field('commentId'),
        category: field('category'),
        internal: field('internal') === 'true',
      },
      { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    );
    return jsonResponse(201, { ok: true, data: created });
  });
}
