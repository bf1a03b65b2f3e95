/**
 * The diagnostics bundle a user attaches to a bug report: versions, the sync state, outbox
 * counts, the cache's schema and size, the last errors, and the recent update checks. Built
 * without Electron (the shell passes its versions in) and with no secret in it: no token, no
 * password, no ticket or customer content; the server address is reduced to its origin and
 * every text goes through redactSecrets once more.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleCore } from '../console/consoleCore';
import { redactSecrets } from './redactSecrets';

export interface DiagnosticsInput {
  core: ConsoleCore;
  appVersion: string;
  /** process.versions in Electron (electron, chrome, node, v8) or Node. */
  versions: Record<string, string | undefined>;
  platform: string;
  arch: string;
  recentErrors: readonly string[];
  /** Where the log files are, so support knows what to ask for next. */
  logDir: string;
  /** The updater's state (autoUpdate.ts), when it runs. */
  update?: unknown;
  now: number;
}

export interface DiagnosticsBundle {
  generatedAt: string;
  app: { version: string; platform: string; arch: string; versions: Record<string, string> };
  session: { serverOrigin: string; userId: number; role: string } | null;
  sync: unknown;
  outbox: { waiting: number; rejected: number } | null;
  cache: { file: string; schemaVersion: number; bytes: number } | null;
  update: unknown;
  recentErrors: string[];
  logDir: string;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(not a URL)';
  }
}

export function diagnosticsBundle(input: DiagnosticsInput): DiagnosticsBundle {
  const session = input.core.session();
  const versions: Record<string, string> = {};
  for (const name of ['electron', 'chrome', 'node', 'v8', 'sqlite']) {
    const v = input.versions[name];
    if (v) versions[name] = v;
  }
  let cache: DiagnosticsBundle['cache'] = null;
  if (session) {
    const file = session.cache.path;
    cache = {
      file: path.basename(file),
      schemaVersion: session.cache.reader.db.pragma('user_version', { simple: true }) as number,
      bytes: statSync(file, { throwIfNoEntry: false })?.size ?? 0,
    };
  }
  const status = session?.status() ?? null;
  const bundle: DiagnosticsBundle = {
    generatedAt: new Date(input.now).toISOString(),
    app: { version: input.appVersion, platform: input.platform, arch: input.arch, versions },
    session: session ? { serverOrigin: origin(session.stored.serverUrl), userId: session.stored.user.id, role: session.stored.user.role } : null,
    sync: status,
    outbox: status ? { waiting: status.outboxCount, rejected: status.rejectedCount } : null,
    cache,
    update: input.update ?? null,
    recentErrors: input.recentErrors.map(redactSecrets),
    logDir: input.logDir,
  };
  // One more pass over the whole text: a secret that slipped into an error message is caught here.
  return JSON.parse(redactSecrets(JSON.stringify(bundle))) as DiagnosticsBundle;
}
