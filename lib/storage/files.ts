import { fileTypeFromBuffer } from 'file-type';
import { ValidationError } from '../errors';
import { err } from '../i18n/keyed';

/**
 * What may be stored, decided from the bytes (file-type's magic numbers), never from the name or the
 * browser's Content-Type: a page saved as "contract.pdf" is refused. Text (CSV, plain text) has no
 * magic number: it is accepted when it is valid UTF-8 with no control bytes.
 */
export const ALLOWED_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/x-cfb': ['doc', 'xls', 'msg'],
  'text/csv': ['csv'],
  'text/plain': ['txt'],
};

/** Previewed in the browser (the rest is only downloaded). */
export const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const TYPE_REFUSED = err('storage.fileTypeRefused');
export const EMPTY_FILE = err('common.fileEmpty');

export function maxUploadBytes(env: Record<string, string | undefined> = process.env): number {
  const mb = Number(env.PACTUM_MAX_UPLOAD_MB);
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024);
}

function isPlainText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 1024 * 1024);
  for (const b of sample) {
    // Control bytes other than tab, newline, carriage return and form feed mean "not text".
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length < bytes.length ? trimUtf8(sample) : sample,
    );
    return true;
  } catch {
    return false;
  }
}

/** A sample cut inside a multi-byte character is not an encoding error: drop the cut tail. */
function trimUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && end > bytes.length - 4 && (bytes[end - 1]! & 0xc0) === 0x80) end--;
  if (end > 0 && bytes[end - 1]! >= 0xc0) end--;
  return bytes.subarray(0, end);
}

/** The sniffed content type and its usual extension, or a ValidationError. */
export async function sniffType(bytes: Uint8Array, fileName: string): Promise<{ mime: string; ext: string }> {
  if (!bytes.length) throw new ValidationError(EMPTY_FILE);
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    if (!ALLOWED_TYPES[found.mime]) throw new ValidationError(TYPE_REFUSED);
    return { mime: found.mime, ext: found.ext };
  }
  // Markup (HTML, SVG, XML) is text too, and the one text a browser could be led to run: refused.
  if (
    isPlainText(bytes) &&
    !/^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, ''))
  ) {
    return /\.csv$/i.test(fileName) ? { mime: 'text/csv', ext: 'csv' } : { mime: 'text/plain', ext: 'txt' };
  }
  throw new ValidationError(TYPE_REFUSED);
}

/**
 * A name safe to store and to send back in Content-Disposition: no path, no control or reserved
 * characters, at most 150 characters, and an extension that matches the bytes (a PDF named
 * "page.html" is stored as "page.html.pdf").
 */
export function sanitizeFileName(raw: string, mime: string, ext: string): string {
  let name = (raw.split(/[\\/]/).pop() ?? '').normalize('NFC');
  name = name
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = name.lastIndexOf('.');
  const current = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const allowed = ALLOWED_TYPES[mime] ?? [ext];
  if (!allowed.includes(current)) name = `${name || 'file'}.${ext}`;
  if (name.length > 150) {
    const tail = name.slice(name.lastIndexOf('.'));
    name = name.slice(0, 150 - tail.length).trimEnd() + tail;
  }
  return name;
}

/** `attachment` always (never rendered by the browser as our page), with the UTF-8 name per RFC 6266. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
