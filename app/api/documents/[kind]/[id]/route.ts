import { fileResponse, jsonResponse, withActor } from '@/lib/attachments/http';
import { type DocumentKind, downloadDocument } from '@/lib/documents/documents';

export const dynamic = 'force-dynamic';

const KINDS: Record<string, DocumentKind> = {
  invoice: 'invoice',
  'credit-note': 'credit_note',
  certificate: 'certificate',
  'dunning-letter': 'dunning_letter',
};

/** An invoice, credit note, certificate or dunning letter PDF: rendered on first download, the same bytes afterwards. */
export async function GET(_request: Request, { params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  const k = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!k) return jsonResponse(404, { ok: false, code: 'not_found', error: 'Not found.' });
  return withActor(async (actor, db) => fileResponse(await downloadDocument(db, actor, { kind: k, id })));
}
