/** Starts bench/benchServer.ts as a child process and waits for its READY line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  url: string;
  engine: string;
  counts: Record<string, number>;
  generateMs: number;
  /** The server process's id, to read its CPU time. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** `databaseUrl`: PostgreSQL to use instead of the embedded PGlite; `env`: more of the server's environment (PORTAL_DIR, BENCH_ACCOUNT_TICKETS). */
export async function startBenchServer(tickets: number, databaseUrl?: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const script = fileURLToPath(new URL('./benchServer.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', script, String(tickets)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', ...env },
  });
  const lines = createInterface({ input: child.stdout! });
  type Ready = Omit<BenchServer, 'stop' | 'pid'>;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code} before it was ready`)));
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve(JSON.parse(line.slice(6)) as Ready);
    });
  });
  return {
    ...ready,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
