/**
 * Development: src/renderer compiled on the fly by Vite with hot reload, instead of the built
 * files. Vite's dev client injects inline scripts and <style> elements, so this mode drops the
 * strict CSP meta tag and sends a relaxed policy; the built renderer keeps the strict one.
 */
import path from 'node:path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { contentSecurityPolicy } from '../serving/contentSecurityPolicy';

export interface ViteMiddleware {
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

const devPolicy = contentSecurityPolicy
  .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws: wss:");

export async function startViteMiddleware(httpServer: Server): Promise<ViteMiddleware> {
  const { createServer } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const vite = await createServer({
    configFile: false,
    root: path.resolve('src/renderer'),
    appType: 'spa',
    logLevel: 'warn',
    plugins: [
      react(),
      { name: 'switchboard-dev-csp', transformIndexHtml: (html: string) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, '') },
    ],
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  return {
    handle(req, res) {
      res.setHeader('content-security-policy', devPolicy);
      vite.middlewares(req, res, () => {
        res.statusCode = 404;
        res.end('not found');
      });
    },
    close: () => vite.close(),
  };
}
