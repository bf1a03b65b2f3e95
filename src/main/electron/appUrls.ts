/**
 * The URLs the Electron shell deals in, as pure functions for unit tests: the app's own
 * origin (app://switchboard, a privileged custom scheme instead of file://), which IPC
 * senders are trusted, which links may open in the user's browser, and deep links
 * (`switchboard://ticket/N`).
 */
export const appScheme = 'app';
export const appHost = 'switchboard';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;
export const deepLinkScheme = 'switchboard';

function parse(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL of the app itself (compared by scheme and host: WHATWG gives custom schemes the origin "null"). */
export function isAppUrl(candidate: string | null | undefined): boolean {
  const url = parse(candidate);
  return url !== null && url.protocol === `${appScheme}:` && url.host === appHost;
}

/** IPC is answered only for a frame showing the app itself, never for another page or a data:/file: URL. */
export const isTrustedSender = (frameUrl: string | null | undefined): boolean => isAppUrl(frameUrl);

/** The URL to hand to the user's browser for a link clicked in the app: http(s) only. */
export function externalLinkTarget(url: string): string | null {
  const u = parse(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
  if (u.username || u.password) return null;
  return u.toString();
}

/** `switchboard://ticket/104233` → 104233; anything else → null. */
export function parseDeepLink(url: string): number | null {
  const u = parse(url);
  if (!u || u.protocol !== `${deepLinkScheme}:`) return null;
  // `switchboard://ticket/N` parses with host "ticket"; be lenient about `switchboard:ticket/N` too.
  const route = `${u.host}${u.pathname}`.replace(/^\/+|\/+$/g, '');
  const m = /^ticket\/(\d{1,12})$/.exec(route);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** A deep link among a second instance's command line arguments (Windows and Linux pass it there). */
export function deepLinkInArgv(argv: readonly string[]): number | null {
  for (const arg of argv) {
    if (arg.startsWith(`${deepLinkScheme}:`)) {
      const n = parseDeepLink(arg);
      if (n !== null) return n;
    }
  }
  return null;
}
