/**
 * The web host: the console core in plain Node, the renderer served to a browser, and the
 * console API over a WebSocket (ARCHITECTURE.md). For development and end-to-end tests where
 * Electron cannot run; the renderer cannot tell it from the Electron shell. Loopback only by
 * default; WebSocket connections only from the host's own page.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { stageUploadMaxBytes } from '../../shared/console/fileSchemas';
import { consoleSocketPath } from '../../shared/console/socketMessages';
import { attachmentDisposition } from '../../shared/files/fileNames';
import { openedFilePath } from '../files/openedFiles';
import type { ConsoleCore } from '../console/consoleCore';
import { rendererSecurityHeaders } from '../serving/contentSecurityPolicy';
import { contentTypeOf, resolveRendererFile } from '../serving/rendererFiles';
import { allowedHostNames, isAllowedHost, isSameOrigin } from './originCheck';
import { startViteMiddleware, type ViteMiddleware } from './viteMiddleware';
import { bridgeSocket } from './socketBridge';

export interface WebHostOptions {
  core: ConsoleCore;
  /** 0: any free port. */
  port: number;
  /** Default 127.0.0.1. Anything but loopback exposes the signed-in console to the network. */
  host?: string;
  /** The built renderer (out/renderer), or `vite` to compile src/renderer on the fly (development). */
  renderer: { dir: string } | 'vite';
}

export interface WebHost {
  url: string;
  close(): Promise<void>;
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...rendererSecurityHeaders });
  res.end(text);
}

function serveFile(dir: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
  const file = resolveRendererFile(dir, new URL(req.url ?? '/', 'http://host').pathname);
  if (!file) return refuse(res, 404, 'not found');
  // Hashed assets never change; the page itself must be fetched fresh to pick up a new build.
  const cache = file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { ...rendererSecurityHeaders, 'content-type': contentTypeOf(file), 'cache-control': cache });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

/**
 * A cached file the page asked for with `files.open`: the one-use token in the path is what the
 * page got over its WebSocket, so another site cannot name a file here; served as an
 * attachment (saved, never shown inline) whatever its name says.
 */
function serveOpenedFile(core: ConsoleCore, pathname: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') return refuse(res, 405, 'method not allowed');
  const file = core.openedFile(pathname.slice(openedFilePath.length));
  if (!file) return refuse(res, 404, 'this download address is unknown or expired; open the file again');
  const stream = createReadStream(file.path);
  stream.once('error', () => refuse(res, 404, 'the cached file is gone; download it again'));
  stream.once('open', () => {
    res.writeHead(200, {
      ...rendererSecurityHeaders,
      'content-type': 'application/octet-stream',
      'content-disposition': attachmentDisposition(file.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    stream.pipe(res);
  });
}

// A staged upload travels as base64 in one request: room for the largest one and its envelope.
const maxSocketMessage = Math.ceil(stageUploadMaxBytes / 3) * 4 + (64 << 10);

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const allowed = allowedHostNames(host);
  let vite: ViteMiddleware | null = null;
  const server = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, allowed)) return refuse(res, 421, 'unknown host name');
    const pathname = new URL(req.url ?? '/', 'http://host').pathname;
    if (pathname.startsWith(openedFilePath)) return serveOpenedFile(opts.core, pathname, req, res);
    if (opts.renderer === 'vite') return vite!.handle(req, res);
    serveFile(opts.renderer.dir, req, res);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxSocketMessage });
  sockets.on('connection', (ws) => bridgeSocket(ws, opts.core));
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://host').pathname !== consoleSocketPath) {
      // Vite's hot reload has its own upgrade listener in development; anything else is refused.
      if (opts.renderer !== 'vite') socket.destroy();
      return;
    }
    if (!isSameOrigin(req.headers.origin, req.headers.host, allowed)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  if (opts.renderer === 'vite') vite = await startViteMiddleware(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '127.0.0.1' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${port}`,
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await vite?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
