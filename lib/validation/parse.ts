import type { z } from 'zod';
import { InvalidRequestError, ValidationError } from '../errors';
import { err } from '../i18n/keyed';
import { fieldErrorsOf, isStorableText } from './common';

/** How deep a service input may nest (calculation parameters are flat; JSON bodies are a few levels). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Every string (and object key) of an input that PostgreSQL could not store, by field path; and whether
 * the input nests deeper than MAX_INPUT_DEPTH. Iterative, so a hostile nesting cannot overflow the stack.
 */
export function findUnstorableText(input: unknown): { paths: string[]; tooDeep: boolean } {
  const paths: string[] = [];
  let tooDeep = false;
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  const seen = new Set<object>();
  while (stack.length && paths.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) paths.push(path.join('.') || '_form');
      continue;
    }
    if (!value || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (path.length >= MAX_INPUT_DEPTH) {
      tooDeep = true;
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      const keyPath = [...path, isStorableText(k) ? k : '?'];
      if (!isStorableText(k)) paths.push(keyPath.join('.'));
      stack.push({ value: v, path: keyPath });
    }
  }
  return { paths, tooDeep };
}

/** Refuses unstorable text anywhere in an input, whatever its schema says, as field errors. */
export function assertStorable(input: unknown): void {
  const { paths, tooDeep } = findUnstorableText(input);
  if (tooDeep) throw new InvalidRequestError(err('validation.inputNestedTooDeeply'));
  if (paths.length)
    throw new ValidationError(
      err('validation.inputContainsCharactersCannot'),
      Object.fromEntries(paths.map((p) => [p, [err('validation.unstorableField')]])),
    );
}

/** Validates service input with the same schema the form uses; failures carry per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  assertStorable(input);
  const result = schema.safeParse(input);
  if (!result.success) {
    // An unknown field is a malformed request (a typo in an integration), not a value to correct.
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length) {
      const keys = unknown.flatMap((i) => ('keys' in i ? (i.keys as string[]) : []));
      throw new InvalidRequestError(
        err('unknownFields', { count: keys.length, fields: keys.join(', ') }),
        Object.fromEntries(keys.map((k) => [k, [err('unknownField')]])),
      );
    }
    const fieldErrors = fieldErrorsOf(result.error);
    const first = Object.values(fieldErrors)[0]?.[0] ?? err('validation.invalidInput');
    throw new ValidationError(first, fieldErrors);
  }
  return result.data;
}
