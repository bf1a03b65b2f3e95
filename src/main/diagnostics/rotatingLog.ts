/**
 * The main process's log file: plain lines appended to `<dir>/main.log`, rotated by size
 * (main.log → main.1.log → … → main.<keep>.log, the oldest dropped), so a console left running
 * for months never fills the disk. Writes are synchronous and small: a crash loses no line, and
 * the log is only written on events worth keeping, not per frame. The last errors are also kept
 * in memory for the diagnostics bundle.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { redactSecrets } from './redactSecrets';

export type LogLevel = 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  /** Rotate once the file would grow past this many bytes (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 5). */
  keep?: number;
  /** Errors remembered for diagnostics (default 20). */
  rememberErrors?: number;
  now?: () => number;
}

export class RotatingLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly rememberErrors: number;
  private readonly now: () => number;
  private size: number;
  private readonly errors: string[] = [];

  constructor(
    readonly dir: string,
    opts: RotatingLogOptions = {},
  ) {
    this.maxBytes = opts.maxBytes ?? 1024 * 1024;
    this.keep = opts.keep ?? 5;
    this.rememberErrors = opts.rememberErrors ?? 20;
    this.now = opts.now ?? Date.now;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, 'main.log');
    this.size = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  /** The rotated file `n` (1 is the newest). */
  rotated(n: number): string {
    return path.join(this.dir, `main.${n}.log`);
  }

  write(level: LogLevel, ...args: unknown[]): void {
    // Tokens and passwords never reach the disk, whatever a caller passed in.
    const text = redactSecrets(format(...args));
    const line = `${new Date(this.now()).toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    appendFileSync(this.file, line, { mode: 0o600 });
    this.size += bytes;
    if (level === 'error') {
      this.errors.push(line.trimEnd());
      if (this.errors.length > this.rememberErrors) this.errors.shift();
    }
  }

  /** The last errors written, oldest first. */
  recentErrors(): string[] {
    return [...this.errors];
  }

  private rotate(): void {
    rmSync(this.rotated(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) {
      if (existsSync(this.rotated(n))) renameSync(this.rotated(n), this.rotated(n + 1));
    }
    if (this.keep > 0) renameSync(this.file, this.rotated(1));
    else rmSync(this.file, { force: true });
    this.size = 0;
  }
}

/** Mirrors console.log/warn/error into the log (still printed too), so the core's messages land in the file. */
export function logConsole(log: RotatingLog): () => void {
  const original = { log: console.log, warn: console.warn, error: console.error };
  console.log = (...args: unknown[]) => (log.write('info', ...args), original.log(...args));
  console.warn = (...args: unknown[]) => (log.write('warn', ...args), original.warn(...args));
  console.error = (...args: unknown[]) => (log.write('error', ...args), original.error(...args));
  return () => Object.assign(console, original);
}
