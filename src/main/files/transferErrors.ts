/**
 * How a file transfer's failures reach the user: the server's refusal with its own code and
 * sentence (a 413 names the upload limit), "cannot reach" as `server_unreachable`, so the
 * upload queue can tell "try again later" from "the server said no".
 */
import { isNetworkFailure } from '../../shared/networkFailure';
import { ConsoleError, unreachable } from '../console/consoleErrors';

/** A refusal with the HTTP status it came with. */
export class TransferRefusal extends ConsoleError {
  constructor(
    readonly status: number,
    body: ConstructorParameters<typeof ConsoleError>[0],
  ) {
    super(body);
  }
}

/** The server's error body (`{error, message, field?}`), or the status line when it sent none. */
export async function refusalOf(res: Response, what: string): Promise<TransferRefusal> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; field?: unknown };
    if (typeof body.error === 'string' && typeof body.message === 'string') {
      return new TransferRefusal(res.status, { code: body.error, message: `${what}: ${body.message}`, ...(typeof body.field === 'string' ? { field: body.field } : {}) });
    }
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return new TransferRefusal(res.status, { code: `http_${res.status}`, message: `${what}: the server answered ${res.status} ${res.statusText}` });
}

/** fetch() that turns a network failure into `server_unreachable`. */
export async function reach(fetchImpl: typeof fetch, serverUrl: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (err) {
    if (isNetworkFailure(err)) throw unreachable(serverUrl, err);
    throw err;
  }
}

/** Worth trying again later: offline, the server busy or failing, not a refusal of this upload. */
export function isTransient(err: unknown): boolean {
  // 401: the session ended; the upload waits for the next sign-in rather than fail.
  if (err instanceof TransferRefusal) return err.status >= 500 || err.status === 401 || err.status === 408 || err.status === 429;
  if (err instanceof ConsoleError) return err.body.code === 'server_unreachable' || err.body.code === 'transfer_interrupted';
  return isNetworkFailure(err);
}
