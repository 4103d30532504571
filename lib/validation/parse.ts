import type { z } from 'zod';
import { InvalidRequestError, ValidationError } from '../errors';
import { fieldErrorsOf } from './common';

/** Validates service input with the same schema the form uses; failures carry per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    // An unknown field is a malformed request (a typo in an integration), not a value to correct.
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length) {
      const keys = unknown.flatMap((i) => ('keys' in i ? (i.keys as string[]) : []));
      throw new InvalidRequestError(
        `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}.`,
        Object.fromEntries(keys.map((k) => [k, ['Unknown field.']])),
      );
    }
    const fieldErrors = fieldErrorsOf(result.error);
    const first = Object.values(fieldErrors)[0]?.[0] ?? 'Invalid input.';
    throw new ValidationError(first, fieldErrors);
  }
  return result.data;
}
