/**
 * The portal's one way to the server: same-origin fetch with the session cookie, the CSRF
 * token on every change, JSON in and out, and the server's refusals as PortalError (status,
 * code, the field it names and the sentence for people).
 */
import { isNetworkFailure } from '../../shared/networkFailure';

export interface FieldIssue {
  field: string;
  reason: string;
}

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** As the server names it: `body.subject`, `params.number`, `header.x-csrf-token`. */
    readonly field?: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }

  /** The reason for one field of the body (`subject` for `body.subject`), if the server named it. */
  reasonFor(bodyField: string): string | undefined {
    const full = `body.${bodyField}`;
    const issue = this.issues.find((i) => i.field === full || i.field.startsWith(`${full}.`));
    if (issue) return issue.reason;
    if (this.field === full) return this.message.replace(`${full}: `, '');
    return undefined;
  }
}

let csrfToken = '';
/** Set from GET /api/portal/session; sent back as `x-csrf-token` on every change. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the server says the session is gone (401), so the app can ask to sign in again. */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The token for a change. A form can be sent before the page's first session read has
 * answered (a quick typist, a password manager): then it asks for the token first.
 */
let tokenRead: Promise<string> | null = null;
async function tokenForChange(fresh = false): Promise<string> {
  if (csrfToken && !fresh) return csrfToken;
  // Changes sent at once share one read, so they do not each set a new secret.
  tokenRead ??= (async () => {
    const res = await fetch('/api/portal/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.ok) csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
    return csrfToken;
  })().finally(() => (tokenRead = null));
  return tokenRead;
}

async function send(method: Method, url: string, body: BodyInit | undefined, headers: Record<string, string>, retried = false): Promise<Response> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(method === 'GET' ? {} : { 'x-csrf-token': await tokenForChange(retried) }), ...headers },
    body,
  });
  if (res.ok) return res;
  const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; field?: string; issues?: FieldIssue[] };
  // Two first reads racing can each set a new CSRF secret, so the token held may be the one
  // whose secret lost. The refusal comes before the route runs: ask for a token once more and resend.
  if (res.status === 403 && data.error === 'csrf_token_invalid' && !retried && !(body instanceof ReadableStream)) return send(method, url, body, headers, true);
  if (res.status === 401 && !url.startsWith('/api/portal/session')) onSignedOut();
  throw new PortalError(res.status, data.error ?? 'http_error', data.message ?? `the server answered ${res.status}`, data.field, data.issues ?? []);
}

/** A JSON request; the answer parsed as T. */
export async function api<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const res = await send(method, url, body === undefined ? undefined : JSON.stringify(body), body === undefined ? {} : { 'content-type': 'application/json' });
  return (await res.json()) as T;
}

/** Raw bytes (a file upload); the answer parsed as T. */
export async function upload<T>(url: string, file: Blob): Promise<T> {
  const res = await send('POST', url, file, { 'content-type': 'application/octet-stream' });
  return (await res.json()) as T;
}

/** The sentence to show for any error. */
export function errorText(err: unknown): string {
  if (err instanceof PortalError) return err.message;
  if (isNetworkFailure(err)) return 'The server cannot be reached. Check your connection and try again.';
  return err instanceof Error ? err.message : String(err);
}
