/**
 * The harness's handle on one console child process (consoleChild.ts): calls over its stdin
 * and stdout with a timeout (a paused or killed console answers nothing), SIGKILL and restart
 * on the same data directory, SIGSTOP and SIGCONT, and the cursors it reported, per epoch, so
 * one going backwards (within a run of the process or across its restarts) is caught.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ConsoleReply } from '../../src/shared/console/consoleApi';
import { demoPassword } from '../../src/server/seed/demoAccounts';

const childScript = fileURLToPath(new URL('./consoleChild.ts', import.meta.url));

export class ConsoleProcess {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'sb-chaos-console-'));
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ConsoleReply<any>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  /** The newest cursor seq reported per epoch. */
  readonly cursors = new Map<string, number>();
  /** Stopped with SIGSTOP and not yet continued. */
  paused = false;
  /** Between a kill and the restart's `ready`. */
  down = true;
  private stderr = '';

  constructor(
    readonly email: string,
    private readonly serverUrl: string,
    private readonly onAnomaly: (text: string) => void,
  ) {}

  /** Starts the child (resuming its session, once signIn made one); resolves once it serves calls. */
  async start(timeoutMs = 120_000): Promise<void> {
    // Two children on one data directory: the second is refused the lock, and the first would
    // be left running unseen by the harness. A start is only for a console that is down.
    const previous = this.child;
    if (previous && previous.exitCode === null && previous.signalCode === null) throw new Error(`console ${this.email}: started while its process ${previous.pid} still runs`);
    const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
      env: { ...process.env, CHAOS_DATA_DIR: this.dataDir, NODE_ENV: 'test' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.stderr = '';
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    // A write to a child killed meanwhile: its calls fail through the exit below.
    child.stdin!.on('error', () => undefined);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`console ${this.email} did not start: ${this.stderr}`)), timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`console ${this.email} exited (${code ?? signal}) before it was ready: ${this.stderr}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let msg: { ready?: boolean; id?: number; reply?: ConsoleReply<unknown>; cursor?: { epoch: string; seq: number } };
        try {
          msg = JSON.parse(line);
        } catch {
          return; // a line cut by a SIGKILL
        }
        if (msg.ready) {
          clearTimeout(timer);
          this.down = false;
          resolve();
        } else if (msg.cursor) this.sawCursor(msg.cursor);
        else if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          if (!p) return;
          this.pending.delete(msg.id);
          clearTimeout(p.timer);
          p.resolve(msg.reply!);
        }
      });
    });
    child.once('exit', () => {
      this.down = true;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`console ${this.email} exited`));
        this.pending.delete(id);
      }
    });
    await ready;
  }

  /** Signs the console in through its sign-in operation, as a person would (one console at a time: the login limiter). */
  async signIn(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const reply = await this.call('auth.signIn', { serverUrl: this.serverUrl, email: this.email, password: demoPassword }, 60_000);
      if (reply.ok) return;
      if (reply.error.code !== 'server_unreachable' || attempt > 50) throw new Error(`console ${this.email}: sign-in refused: ${JSON.stringify(reply.error)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private sawCursor(c: { epoch: string; seq: number }): void {
    const last = this.cursors.get(c.epoch) ?? -1;
    if (c.seq < last) this.onAnomaly(`${this.email}: cursor went back from ${last} to ${c.seq} in epoch ${c.epoch}`);
    this.cursors.set(c.epoch, Math.max(last, c.seq));
  }

  /** One console operation (or a `chaos.*` one); rejects when the console does not answer in time. */
  call<T = any>(op: string, input: unknown = {}, timeoutMs = 10_000): Promise<ConsoleReply<T>> {
    const child = this.child;
    if (!child || this.down || this.paused) return Promise.reject(new Error(`console ${this.email} is ${this.paused ? 'paused' : 'down'}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`console ${this.email}: ${op} got no answer in ${timeoutMs} ms; its last words: ${this.stderr.slice(-1500)}`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.stdin!.write(`${JSON.stringify({ id, op, input })}\n`);
    });
  }

  /** Like call, but the output or a thrown error naming the refusal. */
  async output<T = any>(op: string, input: unknown = {}, timeoutMs?: number): Promise<T> {
    const reply = await this.call<T>(op, input, timeoutMs);
    if (!reply.ok) throw new Error(`console ${this.email}: ${op} refused: ${reply.error.code} ${reply.error.message}`);
    return reply.output;
  }

  /** Rows of the console's cache (read-only SQL), for picking targets. */
  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.output<T[]>('chaos.query', { sql, params });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Down from the signal on, not from the exit a moment later: no other fault may pick it meanwhile.
    this.down = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    this.paused = false;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.child?.kill('SIGCONT');
    this.paused = false;
  }

  /** Stops the child the way the app quits (SIGTERM: the core closes its cache). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (this.paused) this.resume();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
