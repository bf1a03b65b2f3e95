/**
 * fetch() failing before any answer: DNS, a refused or reset connection, a timeout or an
 * abort. fetch rejects with a TypeError for the network in browsers and in Node (undici's
 * "fetch failed", the system error as its cause); AbortSignal.timeout's is a TimeoutError.
 * Node's own socket errors are plain Errors named by their message. An error of a class of
 * the app's own (an HTTP answer, a console error) has a name of its own and is not one,
 * whatever its message quotes.
 */
const failureNames: ReadonlySet<string> = new Set(['TypeError', 'AbortError', 'TimeoutError']);

export function isNetworkFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return failureNames.has(err.name) || (err.name === 'Error' && /fetch failed|ECONN|ENOTFOUND|EAI_AGAIN|socket/i.test(err.message));
}
