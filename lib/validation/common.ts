import { z } from 'zod';

const trimmed = () => z.string().trim();

export const requiredText = (max: number, label: string) =>
  trimmed().min(1, `${label} is required.`).max(max, `${label} must be at most ${max} characters.`);

/** An empty input becomes null, so optional text columns hold null rather than ''. */
export const optionalText = (max: number, label: string) =>
  trimmed()
    .max(max, `${label} must be at most ${max} characters.`)
    .transform((v) => (v === '' ? null : v))
    .nullish()
    .transform((v) => v ?? null);

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const isoDate = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date (YYYY-MM-DD).`)
    .refine(isRealDate, `${label} is not a valid date.`);

export const optionalIsoDate = (label: string) =>
  z
    .union([z.literal(''), isoDate(label)])
    .nullish()
    .transform((v) => v || null);

/** A non-negative amount with at most two decimals, as a string ("500", "500.5", "500.00"). */
export const decimalString = (label: string, { max = 2 }: { max?: number } = {}) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .refine((v) => v !== '', `${label} is required.`)
    .refine(
      (v) => new RegExp(`^\\d{1,16}(\\.\\d{1,${max}})?$`).test(v),
      `${label} must be a positive number with at most ${max} decimals.`,
    );

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For ids taken from a URL: a malformed one is "not found" before any query runs. */
export const isUuid = (value: string): boolean => UUID_RE.test(value);

export const uuid = (label: string) =>
  z.string({ error: `${label} is required.` }).uuid(`${label} is required.`);

export const version = z.coerce.number().int().min(1);

export const email = (label: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .max(254, `${label} is too long.`)
    .refine((v) => v === '' || z.email().safeParse(v).success, `${label} must be a valid e-mail address.`)
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

/** Turns a zod error into `{ field: [messages] }` for forms and the API. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    out[key] ??= [];
    out[key].push(issue.message);
  }
  return out;
}
