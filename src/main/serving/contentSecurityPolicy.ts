/**
 * The renderer's Content Security Policy, sent as a header by the Electron shell's app://
 * handler and by the web host. Scripts and styles come only from the app itself; no inline
 * script, no eval, no plugins, no frames, no form posts. `connect-src 'self'` is the web host's
 * same-origin WebSocket; in Electron the renderer talks only through IPC.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every renderer response carries. */
export const rendererSecurityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
