import type { DomainError, FieldErrors } from '../errors';
import { renderKeyed } from './keyed';
import type { Locale } from './messages';
import { translateServerMessage } from './server-messages';

/*
 * What a person reads: a keyed message rendered from the catalogue of their language; a message not
 * yet converted to a key still goes through the English-to-French table (server-messages.ts).
 */
export function localize(message: string, locale: Locale): string {
  return renderKeyed(message, locale) ?? translateServerMessage(message, locale);
}

export function localizeFieldErrors(
  errors: FieldErrors | undefined,
  locale: Locale,
): FieldErrors | undefined {
  if (!errors) return errors;
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.map((m) => localize(m, locale))]));
}

/** A domain error's message and field errors in the reader's language. */
export function localizeError(e: DomainError, locale: Locale): { error: string; fieldErrors?: FieldErrors } {
  return {
    error: localize(e.keyedMessage, locale),
    fieldErrors: localizeFieldErrors(e.fieldMessages, locale),
  };
}
