/**
 * Expected failures of the domain. Services throw these; each surface (server actions, /api/v1) maps
 * them once. Anything else is a bug: logged, and shown as a generic message.
 */
import { err, inEnglish, type MessageParams, parseKeyed } from './i18n/keyed';

export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  readonly code: string = 'domain_error';
  /** The message as raised: a keyed message (`err()`), or English for one not converted yet. */
  readonly keyedMessage: string;
  /** Its key in the catalogues (`errors.…`) and parameters, for an edge that renders it. */
  readonly messageKey?: string;
  readonly params?: MessageParams;
  /** The field errors as raised, and in English. */
  readonly fieldMessages?: FieldErrors;
  readonly fieldErrors?: FieldErrors;
  constructor(message: string, fieldErrors?: FieldErrors) {
    // `.message` stays English: the API and the logs speak English.
    super(inEnglish(message));
    this.name = new.target.name;
    this.keyedMessage = message;
    const keyed = parseKeyed(message);
    if (keyed) {
      this.messageKey = `errors.${keyed.key}`;
      this.params = keyed.params;
    }
    this.fieldMessages = fieldErrors;
    this.fieldErrors = fieldErrors
      ? Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v.map(inEnglish)]))
      : undefined;
  }
}

export class ValidationError extends DomainError {
  override readonly code = 'validation_failed';
}
export class UnauthenticatedError extends DomainError {
  override readonly code = 'unauthenticated';
  constructor(message: string = err('pleaseSignIn')) {
    super(message);
  }
}
export class ForbiddenError extends DomainError {
  override readonly code = 'forbidden';
  constructor(message: string = err('noPermission'), fieldErrors?: FieldErrors) {
    super(message, fieldErrors);
  }
}
export class NotFoundError extends DomainError {
  override readonly code = 'not_found';
}
/** Stale version, duplicate code, duplicate receipt... : the caller must reload or change its input. */
export class ConflictError extends DomainError {
  override readonly code = 'conflict';
}
export class InvalidStateError extends DomainError {
  override readonly code = 'invalid_state';
}
/** The request itself is malformed (bad JSON, a field the operation does not know), not its content. */
export class InvalidRequestError extends DomainError {
  override readonly code = 'invalid_request';
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}

/** Postgres unique_violation, raised when two writers race past an application-level uniqueness check. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint_name?: string; cause?: unknown } | null;
  if (!err) return false;
  if (err.code === '23505') return constraint ? err.constraint_name === constraint : true;
  return err.cause ? isUniqueViolation(err.cause, constraint) : false;
}

/*
 * PostgreSQL data exceptions (SQLSTATE class 22: numeric overflow 22003, date out of range 22008,
 * invalid datetime 22007, invalid text 22P02, bad encoding 22021, NUL in jsonb 22P05...). Validation
 * should stop such input first; this is the safety net that turns a value the database refuses into a
 * 422 instead of a 5xx. The driver's error may be wrapped (drizzle's query error keeps it as `cause`).
 */
export function isDataException(e: unknown, depth = 0): boolean {
  const err = e as { code?: unknown; cause?: unknown } | null;
  if (!err || typeof err !== 'object' || depth > 5) return false;
  if (typeof err.code === 'string' && /^22[0-9A-Z]{3}$/.test(err.code)) return true;
  return err.cause ? isDataException(err.cause, depth + 1) : false;
}

/** What a person reads when the database refused a value (the details go to the server log). */
export const DATA_EXCEPTION_MESSAGE = err('dataException');
