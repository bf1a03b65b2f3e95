/**
 * How `npm run backup` reaches a running server on the embedded database: PGlite lives inside
 * that process (and the data directory's lock keeps any other out), so the copy has to be
 * taken there. The server listens on a local socket beside its data (a named pipe on Windows);
 * whoever may open it may read DATA_DIR anyway, so the socket's file mode is the only check.
 * One request per connection: a JSON line in, a JSON line out.
 */
import { createHash } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../db/database';
import { backupDataDir, type BackupManifest } from './backup';

/** Unix socket paths are limited to about 100 bytes: a long DATA_DIR gets one in the temp folder. */
export function controlSocketPath(dataDir: string): string {
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  if (process.platform === 'win32') return `\\\\.\\pipe\\switchboard-${hash}`;
  const beside = path.join(dataDir, 'control.sock');
  return beside.length <= 100 ? beside : path.join(tmpdir(), `switchboard-${hash}.sock`);
}

type Answer = { ok: true; manifest: BackupManifest; target: string } | { ok: false; error: string };

/** Serves backup requests for the database open in this process; resolves to the close. */
export async function listenForControl(db: Database, dataDir: string): Promise<() => Promise<void>> {
  const socketPath = controlSocketPath(dataDir);
  // This process holds the data directory's lock: a socket file left there is a crashed holder's.
  if (process.platform !== 'win32') rmSync(socketPath, { force: true });
  const server = net.createServer((conn) => {
    let input = '';
    let handled = false;
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.on('data', (chunk: string) => {
      input += chunk;
      if (input.length > 10_000) conn.destroy();
      if (handled || !input.includes('\n')) return;
      handled = true;
      void (async (): Promise<Answer> => {
        try {
          const req = JSON.parse(input.slice(0, input.indexOf('\n'))) as { op?: unknown; target?: unknown };
          if (req.op !== 'backup' || typeof req.target !== 'string' || !path.isAbsolute(req.target)) return { ok: false, error: 'send {"op":"backup","target":"<absolute folder>"}' };
          return { ok: true, manifest: await backupDataDir(db, dataDir, req.target), target: req.target };
        } catch (err) {
          return { ok: false, error: (err as Error).message };
        }
      })().then((answer) => conn.end(JSON.stringify(answer) + '\n'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  if (process.platform !== 'win32') chmodSync(socketPath, 0o600);
  server.unref();
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Asks the server holding `dataDir` for a backup; null when no server listens there. */
export function requestBackup(dataDir: string, target: string): Promise<Answer | null> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(controlSocketPath(dataDir));
    let output = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(JSON.stringify({ op: 'backup', target }) + '\n'));
    conn.on('data', (chunk: string) => (output += chunk));
    conn.on('end', () => {
      try {
        resolve(JSON.parse(output) as Answer);
      } catch {
        reject(new Error(`the server's answer was not understood: ${output.slice(0, 200)}`));
      }
    });
    conn.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? resolve(null) : reject(err)));
  });
}
