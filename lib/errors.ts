/**
 * Expected failures of the domain. Services throw these; each surface (server actions, /api/v1) maps
 * them once. Anything else is a bug: logged, and shown as a generic message.
 */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  readonly code: string = 'domain_error';
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  override readonly code = 'validation_failed';
}
export class UnauthenticatedError extends DomainError {
  override readonly code = 'unauthenticated';
  constructor(message = 'Please sign in.') {
    super(message);
  }
}
export class ForbiddenError extends DomainError {
  override readonly code = 'forbidden';
  constructor(message = 'You do not have permission to do this.', fieldErrors?: FieldErrors) {
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
