import type { DomainError, FieldErrors } from '../errors';
import { renderKeyed } from './keyed';
import type { Locale } from './messages';

/*
 * What a person reads: a keyed message (lib/i18n/keyed) rendered from the catalogue of their language.
 * Every message a service raises is keyed (lib/i18n/keyed-messages.test.ts guards it); a plain string
 * is something a person or another system wrote (a reason, an SMTP answer) and is shown as it is.
 */
export function localize(message: string, locale: Locale): string {
  return renderKeyed(message, locale) ?? message;
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
