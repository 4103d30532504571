import { stateLabel } from '../contracts/states';
import { en, type Locale, type MessageKey, type TranslateArgs, translate } from './messages';

/*
 * Errors with codes (issue 15). A service raises `new ConflictError(err('billing.everyInstallmentContractAlready'))`: the
 * message key (under the `errors` namespace of the catalogues) and its parameters travel as one string,
 * so the same value fits a zod issue, a field error and an error message. `DomainError` renders it in
 * English for `.message` (the API and the logs speak English); each edge (runAction, the attachment
 * routes, the share and reset pages, the forms' `tm`) renders it in the reader's language.
 */
type ErrorMessageKey = Extract<MessageKey, `errors.${string}`>;
export type ErrorKey = ErrorMessageKey extends `errors.${infer K}` ? K : never;
/** A field's label in messages ("Valid from"): a key of the `field` namespace. */
export type FieldLabel = Extract<MessageKey, `field.${string}`> extends `field.${infer K}` ? K : never;

/** The thing a conflict names ("This contract was changed by someone else"): a key of `field.thing`. */
export type ThingLabel =
  Extract<MessageKey, `field.thing.${string}`> extends `field.thing.${infer K}` ? K : never;

/** A keyed message: only `err()` makes one. */
export type KeyedMessage = string & { readonly __keyedMessage: true };
export type MessageParams = Record<string, string | number>;

// U+2063 INVISIBLE SEPARATOR: nobody types it, so a plain sentence is never taken for a keyed message.
const MARK = '\u2063';

export function err<K extends ErrorKey>(
  key: K,
  ...args: TranslateArgs<Extract<`errors.${K}`, MessageKey>>
): KeyedMessage {
  const params = args[0];
  return `${MARK}${JSON.stringify(params ? [key, params] : [key])}` as KeyedMessage;
}

/** The label parameter of a validation message: its key, rendered in the reader's language. */
export const label = (field: FieldLabel) => `field.${field}` as const;
/** A contract state as a message parameter. */
export const state = (code: number) => `state.${code}`;

export function parseKeyed(message: string): { key: ErrorKey; params?: MessageParams } | null {
  if (!message.startsWith(MARK)) return null;
  try {
    const [key, params] = JSON.parse(message.slice(MARK.length)) as [ErrorKey, MessageParams?];
    return `errors.${key}` in en ? { key, params } : null;
  } catch {
    return null;
  }
}

// Parameter values that are themselves catalogue keys (a field label), contract states (`state.5`,
// named in lib/contracts/states) or keyed messages are rendered in the same language.
function renderParam(value: string | number, locale: Locale): string | number {
  if (typeof value !== 'string') return value;
  if (/^field\.[\w.]+$/.test(value) && value in en) return translate(locale, value as MessageKey);
  const state = /^state\.(\d+)$/.exec(value);
  if (state) return stateLabel(Number(state[1]), locale);
  return renderKeyed(value, locale) ?? value;
}

/** A message's parameters with their labels, states and nested messages rendered in a language. */
export function renderParams(params: MessageParams, locale: Locale): MessageParams {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, renderParam(v, locale)]));
}

/** The keyed message in a language, or null when the string is a plain one. */
export function renderKeyed(message: string, locale: Locale): string | null {
  const parsed = parseKeyed(message);
  if (!parsed) return null;
  const params = parsed.params ? renderParams(parsed.params, locale) : undefined;
  return translate(locale, `errors.${parsed.key}` as MessageKey, params);
}

/** English, the language of `.message`, the API and the logs. */
export const inEnglish = (message: string): string => renderKeyed(message, 'en') ?? message;
