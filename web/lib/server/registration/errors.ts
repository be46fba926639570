/**
 * Telling business refusals from bugs. The database functions return refusals as rows; values that
 * break a table rule raise SQLSTATE class 22 (bad data) or 23 (constraint), which for a caller is bad
 * input, never a 500. Everything else is a real failure and is rethrown.
 */
interface PgError {
  code?: string;
  constraint?: string;
}

const isPgError = (error: unknown): error is PgError => typeof error === 'object' && error !== null && 'code' in error;

/** Two submissions of one email that raced past the duplicate check (cannot happen under the lock; retried once). */
export function isDuplicateRace(error: unknown): boolean {
  return isPgError(error) && error.code === '23505' && error.constraint === 'registrations_session_email_key';
}

/** The constraint (or SQLSTATE) behind a bad-input refusal, or null when the error is not bad input. */
export function invalidInputDetail(error: unknown): string | null {
  if (!isPgError(error) || typeof error.code !== 'string') return null;
  if (!error.code.startsWith('22') && !error.code.startsWith('23')) return null;
  return error.constraint ?? error.code;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Manage tokens are 43 base64url characters; anything else is answered without a query. */
export const isManageToken = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
