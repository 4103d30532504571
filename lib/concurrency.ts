import { ConflictError, NotFoundError } from './errors';

/**
 * The optimistic half of our concurrency control: the caller sends the version it saw; the service has
 * locked the row (`for update`) and refuses if someone changed it in between, instead of overwriting.
 */
export function assertFound<T>(row: T | undefined | null, what: string): asserts row is T {
  if (!row) throw new NotFoundError(`${what} not found.`);
}

export function assertVersion(row: { version: number }, expected: number | undefined, what: string): void {
  if (expected !== undefined && row.version !== expected) {
    throw new ConflictError(`This ${what} was changed by someone else. Reload it to see the changes.`);
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
