/**
 * Serves the built customer portal (vite's output in out/portal): hashed assets under
 * /assets/, and index.html for `/` and every page URL (`/tickets/104233`, `/licenses`...), so
 * deep links, reloads and email links open their page; the portal's router takes it from there.
 * Every page goes out with a strict CSP: scripts, styles and connections from this origin
 * only, no framing.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerConfig } from '../config/serverConfig';

export const portalCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = {
  'content-security-policy': portalCsp,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

export const defaultPortalDir = path.resolve(import.meta.dirname, '../../../out/portal');

/** URLs that belong to the API and never fall back to the portal's page. */
const apiPrefixes = ['/api/', '/updates/', '/health', '/openapi.json', '/assets/'];

export function isPortalPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url.split('?')[0]!;
  return !apiPrefixes.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p));
}

const missingBuildPage = (dir: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer portal not built</title></head>
<body><main><h1>The customer portal is not built yet</h1>
<p>This helpdesk server serves the customer portal from <code>${dir.replace(/[<>&]/g, '')}</code>, which has no <code>index.html</code>.</p>
<p>Build it with <code>npm run build</code> (or start everything with <code>npm start</code>), then reload this page.</p>
<p>The API is up: see <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`;

export async function registerPortalPages(app: FastifyInstance, config: ServerConfig): Promise<{ sendPage(reply: FastifyReply): FastifyReply }> {
  const dir = config.portalDir ?? defaultPortalDir;
  const indexFile = path.join(dir, 'index.html');
  const built = existsSync(indexFile);
  if (built && existsSync(path.join(dir, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(dir, 'assets'),
      prefix: '/assets/',
      // Names carry a content hash: a browser may keep them for good.
      immutable: true,
      maxAge: '365d',
      setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
    });
  }
  // Read once: the page is small and the same for everyone.
  const page = built ? readFileSync(indexFile, 'utf8') : missingBuildPage(dir);
  const sendPage = (reply: FastifyReply) =>
    reply
      .code(built ? 200 : 503)
      .headers({ ...securityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' })
      .send(page);
  app.get('/', (_request, reply) => sendPage(reply));
  return { sendPage };
}
