/**
 * Turning every failure behind the console API into the envelope's error body: a stable code,
 * a sentence for people, and the field when the input was at fault. Network trouble becomes
 * `server_unreachable`, so the renderer can tell "offline" from "refused".
 */
import type { ZodError } from 'zod';
import type { ConsoleErrorBody } from '../../shared/console/consoleApi';
import { isNetworkFailure } from '../../shared/networkFailure';
import { LocalRefusal } from '../sync/syncEngine';
import { SyncHttpError } from '../sync/syncApi';

export class ConsoleError extends Error {
  constructor(readonly body: ConsoleErrorBody) {
    super(body.message);
    this.name = 'ConsoleError';
  }
}

export const notSignedIn = (): ConsoleError => new ConsoleError({ code: 'not_signed_in', message: 'sign in first' });
export const notFound = (what: string): ConsoleError => new ConsoleError({ code: 'not_found', message: `${what} is not in this console's data` });

export function unreachable(serverUrl: string, err: unknown): ConsoleError {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return new ConsoleError({ code: 'server_unreachable', message: `cannot reach the server at ${serverUrl}${cause}` });
}

/** `{field}: {reason}` for the first problem, naming the field by its path in the input. */
export function invalidInput(op: string, err: ZodError): ConsoleErrorBody {
  const issue = err.issues[0];
  if (!issue) return { code: 'invalid_input', message: `${op}: invalid input` };
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])].join('.');
  const reason = issue.code === 'unrecognized_keys' ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}` : issue.message;
  return { code: 'invalid_input', message: `${op}: ${field || 'input'}: ${reason}`, ...(field ? { field } : {}) };
}

export function errorBody(err: unknown): ConsoleErrorBody {
  if (err instanceof ConsoleError) return err.body;
  if (err instanceof LocalRefusal) return { code: err.code, message: err.message };
  if (err instanceof SyncHttpError) return { code: err.code, message: err.message };
  if (isNetworkFailure(err)) return { code: 'server_unreachable', message: 'cannot reach the server' };
  console.error('console operation failed', err);
  return { code: 'internal_error', message: err instanceof Error ? err.message : String(err) };
}
