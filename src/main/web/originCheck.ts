/**
 * Who may talk to the web host. It listens on loopback, and a browser tab from any other site
 * could still try to open a WebSocket to it (WebSockets are not bound by CORS), so a
 * connection must come from the host's own page: the Origin must be exactly the address the
 * request was sent to, and that address must be one of the host's own names (which also
 * defeats DNS rebinding, where evil.example resolves to 127.0.0.1).
 */
const loopbackNames = ['localhost', '127.0.0.1', '[::1]'];

export function allowedHostNames(listenHost: string): string[] {
  const extra = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
  return [...new Set([...loopbackNames, extra])].filter((h) => h !== '0.0.0.0' && h !== '[::]');
}

/** The Host header names this server (any port is checked by the Origin comparison). */
export function isAllowedHost(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader}`).hostname;
  } catch {
    return false;
  }
  return allowed.includes(hostname);
}

export function isSameOrigin(originHeader: string | undefined, hostHeader: string | undefined, allowed: readonly string[]): boolean {
  if (!originHeader || !isAllowedHost(hostHeader, allowed)) return false;
  return originHeader === `http://${hostHeader}` || originHeader === `https://${hostHeader}`;
}
