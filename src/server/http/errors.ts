/**
 * Every refusal the API gives is an ApiError: an HTTP status, a stable code, a sentence for
 * people, and the field it is about when there is one.
 */
import type { ZodError } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
  toJSON(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...this.extra };
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`);
/** The role may never do this. */
export const forbidden = (why: string): ApiError => new ApiError(403, 'forbidden', why);
/** The role may do this, but not to this particular record (another department's ticket, say). */
export const notYours = (why: string): ApiError => new ApiError(403, 'not_yours', why);
export const conflict = (code: string, why: string, field?: string): ApiError => new ApiError(409, code, why, field);

/**
 * Where a NUL character hides in an input (a string value, or a key: the path stops at its
 * object), as a field path; null when nowhere. PostgreSQL text and jsonb cannot hold NUL,
 * so such input must be refused up front rather than fail in the database with a 500.
 */
export function nulField(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulField(value[i], `${path}.${i}`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\0')) return path;
      const found = nulField(v, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

export function nulError(field: string): ApiError {
  const reason = 'must not contain the NUL character (\\u0000)';
  return new ApiError(400, 'validation_failed', `${field}: ${reason}`, field, { issues: [{ field, reason }] });
}

/** A validation failure naming each field (as `body.subject`, `query.limit`) and the reason. */
export function validationError(where: string, err: ZodError): ApiError {
  const issues = err.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    reason: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
  }));
  const first = issues[0];
  return new ApiError(400, 'validation_failed', first ? `${first.field}: ${first.reason}` : `invalid ${where}`, first?.field, { issues });
}
