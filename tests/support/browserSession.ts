/**
 * A browser's session against a test server without a browser: a cookie jar, the CSRF token
 * the portal would send, and fetch with both. For the portal's security tests (CSRF, cookie
 * flags, other accounts' URLs).
 */
import { demoPassword } from '../../src/server/seed/demoAccounts';

export interface BrowserSession {
  cookies: Map<string, string>;
  csrfToken: string;
  /** The Set-Cookie headers of the last answer. */
  lastSetCookie: string[];
  request<T = any>(method: string, url: string, opts?: { body?: unknown; csrf?: boolean; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
}

export async function browserSession(baseUrl: string): Promise<BrowserSession> {
  const cookies = new Map<string, string>();
  const s: BrowserSession = {
    cookies,
    csrfToken: '',
    lastSetCookie: [],
    async request(method, url, o = {}) {
      const res = await fetch(baseUrl + url, {
        method,
        headers: {
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(o.csrf === false ? {} : { 'x-csrf-token': s.csrfToken }),
          ...o.headers,
        },
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
      });
      s.lastSetCookie = res.headers.getSetCookie();
      for (const line of s.lastSetCookie) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq);
        const value = pair!.slice(eq + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      const text = await res.text();
      const body = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text;
      return { status: res.status, body: body as never, headers: res.headers };
    },
  };
  const first = await s.request<{ csrfToken: string }>('GET', '/api/portal/session');
  s.csrfToken = first.body.csrfToken;
  return s;
}

/** A browser session signed in as `email` through the portal's sign-in. */
export async function portalSignIn(baseUrl: string, email: string, password = demoPassword): Promise<BrowserSession> {
  const s = await browserSession(baseUrl);
  const res = await s.request('POST', '/api/portal/session', { body: { email, password } });
  if (res.status !== 200) throw new Error(`portal sign-in ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return s;
}
