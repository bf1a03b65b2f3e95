/**
 * Serves the built renderer from app://switchboard/ (protocol.handle), never file://: the page
 * gets a real origin for its CSP, cannot read local files by URL, and every response carries
 * the security headers.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { rendererSecurityHeaders } from '../serving/contentSecurityPolicy';
import { contentTypeOf, resolveRendererFile } from '../serving/rendererFiles';
import { appHost, appScheme } from './appUrls';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost || request.method !== 'GET') return new Response('not found', { status: 404 });
    const file = resolveRendererFile(rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404, headers: rendererSecurityHeaders });
    return new Response(await readFile(file), { headers: { ...rendererSecurityHeaders, 'content-type': contentTypeOf(file) } });
  });
}
