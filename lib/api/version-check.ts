import type { z } from 'zod';
import { err, type KeyedMessage } from '../i18n/keyed';
import type { ApiRoute } from './router';

/** The body fields that carry the version the client read: of the record itself, or of its contract. */
export const VERSION_FIELDS = ['version', 'contractVersion'] as const;

/**
 * Mutations of a versioned record require the version the client read (optimistic locking): without it a
 * partner would silently overwrite a change it never saw. The route's body schema says which field is
 * required; this checks it before the service runs, so every such route answers the same 422.
 */
export function missingVersion(
  route: ApiRoute,
  body: Record<string, unknown>,
): { field: string; message: KeyedMessage } | null {
  const shape = (route.body as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  if (!shape) return null;
  for (const field of VERSION_FIELDS) {
    const schema = shape[field];
    if (!schema || schema.safeParse(undefined).success) continue;
    if (!schema.safeParse(body[field]).success)
      return {
        field,
        message: err('api.versionMissing', { field, of: field === 'version' ? 'record' : 'contract' }),
      };
  }
  return null;
}
