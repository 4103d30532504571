import { ConflictError, NotFoundError } from './errors';
import { err, type FieldLabel, label, type ThingLabel } from './i18n/keyed';

/**
 * The optimistic half of our concurrency control: the caller sends the version it saw; the service has
 * locked the row (`for update`) and refuses if someone changed it in between, instead of overwriting.
 */
export function assertFound<T>(row: T | undefined | null, what: FieldLabel): asserts row is T {
  if (!row) throw new NotFoundError(err('notFound', { label: label(what) }));
}

export function assertVersion(
  row: { version: number },
  expected: number | undefined,
  what: ThingLabel,
): void {
  if (expected !== undefined && row.version !== expected) {
    throw new ConflictError(err('changedMeanwhile', { thing: `field.thing.${what}` }));
  }
}

/** Only the keys whose value actually changes, so an update that changes nothing does not bump the version. */
export function changedValues<T extends Record<string, unknown>>(
  current: Record<string, unknown>,
  next: T,
): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(next) as (keyof T & string)[]) {
    const v = next[k];
    if (v === undefined) continue;
    const a = current[k];
    const same =
      a === v ||
      (a !== null && v !== null && typeof a === 'object' && JSON.stringify(a) === JSON.stringify(v));
    if (!same) out[k] = v;
  }
  return out;
}
