/**
 * Finding the built renderer's file for a request path, for the Electron app:// handler and
 * the web host alike. A path that would leave the renderer folder resolves to nothing; paths
 * without an extension are the single-page app's routes and get index.html.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file to serve for a URL path, or null (outside the root, or missing). */
export function resolveRendererFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = path.resolve(root);
  const wanted = path.resolve(base, `.${path.posix.normalize(`/${decoded}`)}`);
  if (wanted !== base && !wanted.startsWith(base + path.sep)) return null;
  if (existsSync(wanted) && statSync(wanted).isFile()) return wanted;
  // Client-side routes (no extension) fall back to the app's page; a missing asset stays missing.
  if (path.extname(wanted) === '') {
    const index = path.join(base, 'index.html');
    return existsSync(index) ? index : null;
  }
  return null;
}
