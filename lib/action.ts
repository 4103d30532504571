import { revalidatePath } from 'next/cache';
import { unstable_rethrow } from 'next/navigation';
import { type Db, getDb } from '@/db/client';
import type { Actor } from './auth/actor';
import type { Permission } from './auth/permissions';
import { requireActor } from './auth/session';
import { DATA_EXCEPTION_MESSAGE, type FieldErrors, isDataException, isDomainError } from './errors';
import { err } from './i18n/keyed';
import { localize, localizeError } from './i18n/localize';
import { getLocale } from './i18n/server';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; error: string; fieldErrors?: FieldErrors };

/**
 * The one wrapper behind every server action: authenticate → run the service (which authorises,
 * validates, and writes in a transaction) → revalidate → a plain result the form can show.
 * Expected domain errors keep their message; anything else is logged and shown generically.
 */
export async function runAction<T>(
  service: (db: Db, actor: Actor) => Promise<T>,
  options: { permission?: Permission; revalidate?: string[] } = {},
): Promise<ActionResult<T>> {
  try {
    const actor = await requireActor(options.permission);
    const data = await service(getDb(), actor);
    for (const p of options.revalidate ?? []) revalidatePath(p);
    return { ok: true, data };
  } catch (e) {
    unstable_rethrow(e);
    // The services raise keyed messages (English in `.message`); the person reads the language they chose.
    const locale = await getLocale().catch(() => 'en' as const);
    if (isDomainError(e)) return { ok: false, code: e.code, ...localizeError(e, locale) };
    if (isDataException(e)) {
      // Safety net: a value validation let through and the database refused (overflow, date range...).
      console.error('[action] data exception', e);
      return {
        ok: false,
        code: 'validation_failed',
        error: localize(DATA_EXCEPTION_MESSAGE, locale),
      };
    }
    console.error('[action] unexpected error', e);
    return {
      ok: false,
      code: 'internal',
      error: localize(err('common.somethingWentWrongNothing'), locale),
    };
  }
}
