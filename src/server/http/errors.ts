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

/** A validation failure naming each field (as `body.subject`, `query.limit`) and the reason. */
export function validationError(where: string, err: ZodError): ApiError {
  const issues = err.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    reason: i.code === 'unrecognized_keys' ? `unknown field(s): ${(i as { keys: string[] }).keys.join(', ')}` : i.message,
  }));
  const first = issues[0];
  return new ApiError(400, 'validation_failed', first ? `${first.field}: ${first.reason}` : `invalid ${where}`, first?.field, { issues });
}
