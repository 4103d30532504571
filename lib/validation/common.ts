import { z } from 'zod';
import { err, type FieldLabel, label as fieldLabel } from '../i18n/keyed';

// In the browser, zod must not probe for eval (new Function) to compile its object parsers: the page's
// Content-Security-Policy forbids eval, and the probe is reported as a violation. Every schema module
// imports this one first, so the setting precedes their definitions. The server keeps the fast path.
if (typeof window !== 'undefined') z.config({ jitless: true });

/*
 * zod's own messages ("Invalid input: expected string, received undefined") for a check a schema gave
 * no message of its own: keyed too, so a person reads them in their language and the API gives a key.
 * A schema's own `error`/message always wins over this (zod's order of precedence).
 */
const count = (n: unknown) => (typeof n === 'number' || typeof n === 'bigint' ? Number(n) : null);
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type')
      return issue.input === undefined
        ? err('validation.missing')
        : err('validation.wrongType', { expected: String(issue.expected) });
    if (issue.code === 'too_big' && count(issue.maximum) !== null)
      return err('validation.tooBig', { origin: String(issue.origin), maximum: count(issue.maximum)! });
    if (issue.code === 'too_small' && count(issue.minimum) !== null)
      return err('validation.tooSmall', { origin: String(issue.origin), minimum: count(issue.minimum)! });
    if (issue.code === 'invalid_value')
      return err('validation.invalidOption', { values: issue.values.map(String).join(', ') });
    return err('validation.invalidInput');
  },
});

/*
 * Text PostgreSQL can store and JSON can carry: a NUL byte is refused by `text` and `jsonb` columns
 * (a 5xx if it reaches them) and an unpaired UTF-16 surrogate cannot be encoded as UTF-8 (it would be
 * silently replaced). Both are refused as a field error, here for forms and in `parseInput` for every
 * service input.
 */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (value: string): boolean =>
  !value.includes('\u0000') && !LONE_SURROGATE_RE.test(value);
export const unstorableMessage = (label: FieldLabel) => err('unstorable', { label: fieldLabel(label) });
const required = (label: FieldLabel) => err('required', { label: fieldLabel(label) });
const tooLong = (label: FieldLabel, max: number) => err('tooLong', { label: fieldLabel(label), max });

/** Any free text: trimmed, bounded, storable. */
export const text = (max: number, label: FieldLabel) =>
  z
    .string({ error: required(label) })
    .trim()
    .max(max, tooLong(label, max))
    .refine(isStorableText, unstorableMessage(label));

const trimmed = () => z.string().trim();

export const requiredText = (max: number, label: FieldLabel) =>
  trimmed()
    .min(1, required(label))
    .max(max, tooLong(label, max))
    .refine(isStorableText, unstorableMessage(label));

/** An empty input becomes null, so optional text columns hold null rather than ''. */
export const optionalText = (max: number, label: FieldLabel) =>
  trimmed()
    .max(max, tooLong(label, max))
    .refine(isStorableText, unstorableMessage(label))
    .transform((v) => (v === '' ? null : v))
    .nullish()
    .transform((v) => v ?? null);

/** A YYYY-MM-DD string naming a day that exists. */
export function isRealDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/*
 * The business range of every date: PostgreSQL has no year 0000, and month arithmetic on a date near
 * 9999 leaves the ISO format. A contract, a birth or a receipt outside this range is a typing error.
 */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2999-12-31';

export const isoDate = (label: FieldLabel) =>
  z
    .string({ error: required(label) })
    .trim()
    .min(1, required(label))
    .regex(/^\d{4}-\d{2}-\d{2}$/, err('dateFormat', { label: fieldLabel(label) }))
    .refine(isRealDate, err('invalidDate', { label: fieldLabel(label) }))
    .refine(
      (v) => v >= MIN_DATE && v <= MAX_DATE,
      err('dateRange', { label: fieldLabel(label), min: MIN_DATE, max: MAX_DATE }),
    );

export const optionalIsoDate = (label: FieldLabel) =>
  z
    .union([z.literal(''), isoDate(label)])
    .nullish()
    .transform((v) => v || null);

/*
 * Business caps on money: amounts are stored as numeric(18,2), and a contract multiplies an income by a
 * rate and by up to ten years of periods, so each input is capped well below what the column holds.
 */
export const MAX_AMOUNT = '999999999.99';
export const MAX_RATE = '100';

/** Compares two non-negative decimal strings without floats (digits only, optional fraction). */
function decimalAtMost(value: string, cap: string): boolean {
  const [vi = '', vf = ''] = value.split('.');
  const [ci = '', cf = ''] = cap.split('.');
  const a = vi.replace(/^0+(?=\d)/, '');
  const b = ci.replace(/^0+(?=\d)/, '');
  if (a.length !== b.length) return a.length < b.length;
  const width = Math.max(vf.length, cf.length);
  return `${a}${vf.padEnd(width, '0')}` <= `${b}${cf.padEnd(width, '0')}`;
}

/**
 * A non-negative amount with at most two decimals, as a string ("500", "500.5", "500.00"), at most
 * `cap` (999 999 999.99 unless told).
 */
export const decimalString = (
  label: FieldLabel,
  { max = 2, cap = MAX_AMOUNT }: { max?: number; cap?: string } = {},
) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .refine((v) => v !== '', required(label))
    .refine(
      (v) => new RegExp(`^\\d{1,16}(\\.\\d{1,${max}})?$`).test(v),
      err('decimals', { label: fieldLabel(label), decimals: max }),
    )
    .refine(
      (v) => !/^\d{1,16}(\.\d+)?$/.test(v) || decimalAtMost(v, cap),
      err('atMost', { label: fieldLabel(label), cap }),
    );

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For ids taken from a URL: a malformed one is "not found" before any query runs. */
export const isUuid = (value: string): boolean => UUID_RE.test(value);

export const uuid = (label: FieldLabel) => z.string({ error: required(label) }).uuid(required(label));

export const version = z.coerce.number().int().min(1);

export const email = (label: FieldLabel) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, err('emailTooLong', { label: fieldLabel(label) }))
    .refine((v) => v === '' || z.email().safeParse(v).success, err('email', { label: fieldLabel(label) }))
    .transform((v) => (v === '' ? null : v))
    .nullish()
    .transform((v) => v ?? null);

export const pageParams = z.object({
  page: z.coerce.number().int().min(1).catch(1).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => [10, 20, 50, 100].includes(n))
    .catch(20)
    .default(20),
});

/**
 * Turns a zod error into `{ field: [messages] }` for forms and the API. The messages are as the schema
 * raised them (keyed messages, see lib/i18n/keyed.ts): a DomainError renders them in English, an edge
 * in the reader's language.
 */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    out[key] ??= [];
    out[key].push(issue.message);
  }
  return out;
}
