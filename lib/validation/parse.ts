import type { z } from 'zod';
import { ValidationError } from '../errors';
import { fieldErrorsOf } from './common';

/** Validates service input with the same schema the form uses; failures carry per-field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fieldErrors = fieldErrorsOf(result.error);
    const first = Object.values(fieldErrors)[0]?.[0] ?? 'Invalid input.';
    throw new ValidationError(first, fieldErrors);
  }
  return result.data;
}
