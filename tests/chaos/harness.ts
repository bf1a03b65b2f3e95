/**
 * The fault harness (issue 20), in the spirit of Jepsen: real server processes (one on the
 * embedded database, or two on one PostgreSQL with `backend: 'postgres'`), consoles as child
 * processes running the real console core on their own data directories (consoleChild.ts),
 * a fault proxy between each console and its server (faultProxy.ts), customers over HTTP, and
 * a real SMTP peer the servers mail. A seeded random mix of actions runs (customer tickets,
 * messages and orders; replies, notes, classify, claim, merge, split, close, reopen, uploads;
 * billing's verify, reject and ledger adjustments) while faults hit: servers SIGKILLed and
 * restarted or paused (SIGSTOP/SIGCONT), PostgreSQL restarted in immediate mode, consoles
 * SIGKILLed and restarted on their cache or paused, connections dropped, delayed, cut and
 * partitioned. After a quiet period it checks what must hold (checks.ts).
 *
 * The seed decides the schedule (which action or fault, its target, its timing); how the
 * processes interleave under it is the machine's, so a replay (`--seed`) is the same storm,
 * not the same packet trace.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';
import { createTestDatabase, freePort, startPostgres, type PostgresCluster } from '../support/postgres';
import { SmtpPeer } from '../support/lifecycle';
import { prng } from '../main/support/syntheticCache';
import { ConsoleProcess } from './consoleProcess';
import { FaultProxy } from './faultProxy';
import { checkRun, type Expectations } from './checks';

export interface ChaosOptions {
  seed: number;
  seconds: number;
  consoles?: number;
  /** `postgres`: two server processes on one PostgreSQL, which is restarted too. */
  backend?: 'pglite' | 'postgres';
  log?: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  seconds: number;
  backend: 'pglite' | 'postgres';
  actions: Record<string, number>;
  faults: Record<string, number>;
  /** What the checks covered (replies, mutations, emails...). */
  checked: Record<string, number>;
  anomalies: string[];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const staffOrder = ['dispatcher@example.com', 'engineer@example.com', 'billing@example.com', 'admin@example.com'];

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const say = o.log ?? (() => undefined);
  const log = (line: string) => say(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const backend = o.backend ?? 'pglite';
  const rnd = prng(o.seed);
  // The proxies draw from their own stream, so connection timing does not shift the schedule.
  const proxyRnd = prng(o.seed ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const report: ChaosReport = { seed: o.seed, seconds: o.seconds, backend, actions: {}, faults: {}, checked: {}, anomalies: [] };
  const count = (bag: Record<string, number>, k: string) => (bag[k] = (bag[k] ?? 0) + 1);
  const anomaly = (text: string) => {
    log(`ANOMALY ${text}`);
    report.anomalies.push(text);
  };
  const cleanups: Array<() => Promise<void>> = [];

  try {
    const smtp = new SmtpPeer();
    await smtp.start();
    cleanups.push(() => smtp.stop());
    // Durable commits: an immediate restart must lose nothing that was acknowledged.
    const cluster: PostgresCluster | null = backend === 'postgres' ? await startPostgres({ durable: true }) : null;
    if (cluster) cleanups.push(() => cluster.stop());
    const databaseUrl = cluster ? await createTestDatabase(cluster.url) : undefined;
    const dataDir = cluster ? undefined : mkdtempSync(path.join(tmpdir(), 'sb-chaos-'));
    const shared: Record<string, string> = {
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
      SEED_TICKETS: '20', LIFECYCLE_INTERVAL_MS: '0', EMAIL_INTERVAL_MS: '500',
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Helpdesk <helpdesk@example.com>',
    };
    const envs: Array<Record<string, string>> = [];
    for (let i = 0; i < (cluster ? 2 : 1); i++) envs.push({ ...shared, PORT: String(await freePort()) });
    // One after the other: the first migrates and seeds, the second finds it done.
    const servers: Array<{ url: string; child: ChildProcess } | null> = [];
    /** Servers the harness is killing or stopping: any other exit is a crash of the server's own. */
    const ending = new Set<ChildProcess>();
    cleanups.push(async () => {
      for (const s of servers) {
        if (!s) continue;
        ending.add(s.child);
        await stopServerProcess(s.child);
      }
    });
    const spawnServer = async (i: number) => {
      // As a supervisor does: a server started while PostgreSQL is still recovering from its
      // restart exits at once ("not yet accepting connections"), and is started again.
      let s: Awaited<ReturnType<typeof spawnServerProcess>>;
      for (let attempt = 1; ; attempt++) {
        try {
          s = await spawnServerProcess(envs[i]!, 300_000);
          break;
        } catch (err) {
          if (attempt >= 20) throw err;
          count(report.checked, 'serverStartsRetried');
          log(`server ${i} did not start (${(err as Error).message.split('\n')[0]}): starting it again`);
          await pause(500);
        }
      }
      s.child.once('exit', (code, signal) => {
        if (ending.has(s.child)) return;
        anomaly(`server ${i} exited on its own (${code ?? signal}): ${s.output().slice(-1500)}`);
        // Started again, as its supervisor would, so the run goes on to its checks.
        beside(() => spawnServer(i));
      });
      servers[i] = s;
    };
    for (let i = 0; i < envs.length; i++) await spawnServer(i);
    const urls = servers.map((s) => s!.url);
    log('servers up');
    const proxies: FaultProxy[] = [];
    cleanups.push(async () => {
      for (const p of proxies) await p.stop();
    });
    for (const u of urls) proxies.push(await FaultProxy.start(u, { random: proxyRnd, dropRate: 0.06, delayRate: 0.15, maxDelayMs: 150, onFault: (k) => count(report.faults, k) }));

    // Customers reach whichever server the load balancer picks.
    const http = async (method: string, p: string, token?: string, body?: unknown) => {
      const res = await fetch(pick(urls) + p, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(8000),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    // Sequential sign-ins (the login limiter).
    const tokens: Record<string, string> = {};
    for (const email of ['customer@example.com', ...staffOrder]) {
      const r = await http('POST', '/api/auth/login', undefined, { email, password: demoPassword });
      if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens[email] = r.body.token;
    }

    const consoles: ConsoleProcess[] = [];
    cleanups.push(async () => {
      for (const c of consoles) await c.stop();
    });
    for (let i = 0; i < (o.consoles ?? 4); i++) consoles.push(new ConsoleProcess(staffOrder[i % staffOrder.length]!, proxies[i % proxies.length]!.url, anomaly));
    await Promise.all(consoles.map((c) => c.start()));
    for (const c of consoles) await c.signIn();
    // Each console's first sync done before the storm: a bootstrap under faults is the crash test's subject.
    await Promise.all(consoles.map((c) => c.output('chaos.settle', {}, 300_000)));
    for (const p of proxies) p.rough();
    log('consoles up and synced');

    const expect: Expectations = { messages: [], adjustments: [], uploads: [], receipts: [] };
    let serial = 0;
    const tag = () => `chaos-${o.seed}-${++serial}`;
    /** A local action through a console; its receipt is recorded (the mutation must be applied once). */
    const perform = async (c: ConsoleProcess, op: string, input: Record<string, unknown>): Promise<boolean> => {
      const reply = await c.call<{ mutationId: number }>(op, input);
      if (!reply.ok) return false; // refused locally (the cache says no): nothing queued
      expect.receipts.push({ email: c.email, mutationId: reply.output.mutationId, op });
      return true;
    };
    const up = () => consoles.filter((c) => !c.down && !c.paused);
    const as = (...emails: string[]) => {
      const xs = up().filter((c) => emails.includes(c.email));
      return xs.length ? pick(xs) : null;
    };
    const anyConsole = () => {
      const xs = up();
      return xs.length ? pick(xs) : null;
    };
    const openTickets = (c: ConsoleProcess) =>
      c.query<{ id: number; accountId: number; status: string }>(`SELECT id, account_id AS accountId, status FROM tickets WHERE id > 0 AND status <> 'closed' AND merged_into_id IS NULL AND type <> 'log' ORDER BY id`);
    const write = async (c: ConsoleProcess | null, kind: 'ticket.reply' | 'ticket.note') => {
      if (!c) return;
      const ids = await openTickets(c);
      if (!ids.length) return;
      const clientRef = tag();
      expect.messages.push({ clientRef, email: c.email, acked: false });
      const entry = expect.messages.at(-1)!;
      entry.acked = await perform(c, kind, { ticketId: pick(ids).id, body: `${kind === 'ticket.reply' ? 'Reply' : 'Note'} ${clientRef}`, clientRef });
    };

    const actions: Record<string, () => Promise<void>> = {
      'customer.ticket': async () => void (await http('POST', '/api/customer/tickets', tokens['customer@example.com'], { type: pick(['tech', 'sales', 'project']), subject: `Chaos ${tag()}`, body: 'It broke' })),
      'customer.message': async () => {
        const list = await http('GET', '/api/customer/tickets', tokens['customer@example.com']);
        const open = ((list.body?.tickets ?? []) as Array<{ number: number; status: string }>).filter((t) => t.status !== 'closed');
        if (open.length) await http('POST', `/api/customer/tickets/${pick(open).number}/messages`, tokens['customer@example.com'], { body: `Any news? ${tag()}` });
      },
      'customer.order': async () => {
        const list = await http('GET', '/api/catalogue');
        const points = ((list.body?.items ?? []) as Array<{ id: number; points: number | null; priceCents: number }>).filter((i) => i.points);
        if (!points.length) return;
        const item = pick(points);
        // The same order key sent twice must issue one invoice: sometimes it is.
        const orderKey = tag();
        for (let i = rnd() < 0.3 ? 2 : 1; i > 0; i--) await http('POST', '/api/customer/orders/online', tokens['customer@example.com'], { itemId: item.id, priceCents: item.priceCents, orderKey });
      },
      'console.reply': () => write(anyConsole(), 'ticket.reply'),
      'console.note': () => write(anyConsole(), 'ticket.note'),
      'console.classify': async () => {
        const c = as('dispatcher@example.com', 'admin@example.com');
        if (!c) return;
        const fresh = await c.query<{ id: number }>(`SELECT id FROM tickets WHERE id > 0 AND status = 'new' AND merged_into_id IS NULL AND type <> 'log'`);
        const departments = await c.query<{ id: number }>('SELECT id FROM departments WHERE id > 0 AND archived_at IS NULL');
        if (!fresh.length || !departments.length) return;
        await perform(c, 'ticket.classify', { ticketId: pick(fresh).id, type: pick(['tech', 'sales', 'project', 'complaint']), departmentId: pick(departments).id, cost: Math.floor(rnd() * 4) });
      },
      'console.claim': async () => {
        const c = as('engineer@example.com', 'admin@example.com');
        const ids = c ? await openTickets(c) : [];
        if (c && ids.length) await perform(c, 'ticket.claim', { ticketId: pick(ids).id });
      },
      // Closing charges the ticket's cost once; reopening and closing again must not charge twice.
      'console.close': async () => {
        const c = as('engineer@example.com', 'admin@example.com', 'dispatcher@example.com');
        const ids = c ? await openTickets(c) : [];
        if (c && ids.length) await perform(c, 'ticket.close', { ticketId: pick(ids).id });
      },
      'console.reopen': async () => {
        const c = anyConsole();
        const ids = c ? await c.query<{ id: number }>(`SELECT id FROM tickets WHERE id > 0 AND status = 'closed' AND merged_into_id IS NULL`) : [];
        if (c && ids.length) await perform(c, 'ticket.reopen', { ticketId: pick(ids).id });
      },
      'console.merge': async () => {
        const c = as('dispatcher@example.com', 'admin@example.com', 'engineer@example.com');
        if (!c) return;
        const open = await openTickets(c);
        const byAccount = new Map<number, number[]>();
        for (const t of open) byAccount.set(t.accountId, [...(byAccount.get(t.accountId) ?? []), t.id]);
        const pairs = [...byAccount.values()].filter((ids) => ids.length > 1);
        if (!pairs.length) return;
        const ids = pick(pairs);
        const from = pick(ids);
        await perform(c, 'ticket.merge', { ticketId: from, intoTicketId: pick(ids.filter((id) => id !== from)) });
      },
      'console.split': async () => {
        const c = as('dispatcher@example.com', 'admin@example.com', 'engineer@example.com');
        if (!c) return;
        const candidates = await c.query<{ ticketId: number; messageId: number }>(
          `SELECT m.ticket_id AS ticketId, m.id AS messageId FROM messages m JOIN tickets t ON t.id = m.ticket_id
           WHERE m.id > 0 AND m.kind = 'customer' AND t.status <> 'closed' AND t.merged_into_id IS NULL
             AND m.id > (SELECT min(id) FROM messages f WHERE f.ticket_id = m.ticket_id AND f.id > 0)`,
        );
        if (candidates.length) {
          const m = pick(candidates);
          await perform(c, 'ticket.split', { ticketId: m.ticketId, messageId: m.messageId, subject: `Split ${tag()}` });
        }
      },
      'console.upload': async () => {
        const c = anyConsole();
        const ids = c ? await openTickets(c) : [];
        if (!c || !ids.length) return;
        const name = `${tag()}.txt`;
        const reply = await c.call('files.stageUpload', { name, dataBase64: Buffer.from(`chaos upload ${name}\n`.repeat(1 + Math.floor(rnd() * 200))).toString('base64'), target: { kind: 'ticket', ticketId: pick(ids).id } });
        expect.uploads.push({ name, email: c.email, acked: reply.ok });
      },
      'billing.verify': async () => {
        const c = as('billing@example.com', 'admin@example.com');
        const orders = c ? await c.query<{ id: number }>(`SELECT id FROM orders WHERE id > 0 AND status = 'pending'`) : [];
        if (c && orders.length) await perform(c, 'order.verify', { orderId: pick(orders).id });
      },
      'billing.reject': async () => {
        const c = as('billing@example.com', 'admin@example.com');
        const orders = c ? await c.query<{ id: number }>(`SELECT id FROM orders WHERE id > 0 AND status = 'pending'`) : [];
        if (c && orders.length) await perform(c, 'order.reject', { orderId: pick(orders).id, reason: `Not paid (${tag()})` });
      },
      'billing.adjust': async () => {
        const c = as('billing@example.com', 'admin@example.com');
        const accounts = c ? await c.query<{ id: number }>('SELECT id FROM accounts WHERE id > 0') : [];
        if (!c || !accounts.length) return;
        const reason = `Chaos adjustment ${tag()}`;
        expect.adjustments.push({ reason, email: c.email, acked: false });
        const entry = expect.adjustments.at(-1)!;
        entry.acked = await perform(c, 'ledger.adjust', { accountId: pick(accounts).id, points: 1 + Math.floor(rnd() * 20), reason });
      },
    };

    // Faults that take time (a restart, a pause) run beside the actions; the quiet period waits for them.
    const running = new Set<Promise<void>>();
    const beside = (task: () => Promise<void>) => {
      const p = task().catch((err: unknown) => anomaly(`fault task failed: ${(err as Error).message}`)).finally(() => running.delete(p));
      running.add(p);
    };
    const busy = { server: new Set<number>(), database: false, partition: new Set<FaultProxy>() };
    let lastKill = 0;
    let lastDatabaseRestart = Date.now();
    const faults: Record<string, () => false | void> = {
      'server.kill': () => {
        // A restart takes seconds (a process start, the database opened): at most one per 12 s.
        const i = Math.floor(rnd() * servers.length);
        if (busy.server.has(i) || Date.now() - lastKill < 12_000) return false;
        lastKill = Date.now();
        busy.server.add(i);
        const { child } = servers[i]!;
        const wait = rnd() * 500;
        beside(async () => {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          ending.add(child);
          child.kill('SIGKILL');
          await exited;
          servers[i] = null;
          await pause(wait);
          await spawnServer(i);
          busy.server.delete(i);
        });
      },
      'server.pause': () => {
        const i = Math.floor(rnd() * servers.length);
        if (busy.server.has(i)) return false;
        busy.server.add(i);
        const { child } = servers[i]!;
        const ms = 200 + rnd() * 1500;
        child.kill('SIGSTOP');
        beside(async () => {
          await pause(ms);
          child.kill('SIGCONT');
          busy.server.delete(i);
        });
      },
      'database.restart': () => {
        // PostgreSQL only, in immediate mode (a crash), at most once per 12 s; the servers reconnect on their own.
        if (!cluster || busy.database || Date.now() - lastDatabaseRestart < 12_000) return false;
        lastDatabaseRestart = Date.now();
        busy.database = true;
        beside(async () => {
          await cluster.restart();
          busy.database = false;
        });
      },
      'network.cut': () => pick(proxies).cut(),
      'network.partition': () => {
        const proxy = pick(proxies);
        if (busy.partition.has(proxy)) return false;
        busy.partition.add(proxy);
        proxy.partition();
        const ms = 300 + rnd() * 2500;
        const reset = rnd() < 0.5;
        beside(async () => {
          await pause(ms);
          proxy.heal(reset);
          busy.partition.delete(proxy);
        });
      },
      'console.kill': () => {
        const c = anyConsole();
        if (!c) return false;
        const wait = rnd() * 800;
        beside(async () => {
          await c.kill();
          await pause(wait);
          await c.start();
        });
      },
      'console.pause': () => {
        const c = anyConsole();
        if (!c) return false;
        c.pause();
        const ms = 200 + rnd() * 2000;
        beside(async () => {
          await pause(ms);
          c.resume();
        });
      },
    };

    const stormStart = Date.now();
    const deadline = stormStart + o.seconds * 1000;
    // The rare heavy faults come at least once in any run: each not yet drawn by its share of the run is dealt then.
    const heavy = ['console.kill', 'server.kill', ...(cluster ? ['database.restart'] : [])];
    while (Date.now() < deadline) {
      const share = (Date.now() - stormStart) / (deadline - stormStart);
      const owed = heavy.find((k, i) => !report.faults[k] && share > (i + 1) / (heavy.length + 1));
      if (owed && faults[owed]!() !== false) count(report.faults, owed);
      else if (rnd() < 0.1) {
        const [name, run] = pick(Object.entries(faults));
        if (run() !== false) count(report.faults, name);
      } else {
        const [name, run] = pick(Object.entries(actions));
        try {
          await run();
          count(report.actions, name);
        } catch (err) {
          // A request during an outage, a console that died under the call: what a user would see and retry.
          count(report.actions, `${name}.failed`);
          log(`${name}: ${(err as Error).message}`);
        }
      }
      await pause(5 + rnd() * 40);
    }

    // The quiet period: faults end, everything runs, until every console has nothing left to send.
    log('quiet period');
    while (running.size) await Promise.all([...running]);
    log('faults over');
    for (const p of proxies) p.quiet();
    for (const c of consoles) {
      if (c.paused) c.resume();
      if (c.down) await c.start();
    }
    const settled = await Promise.allSettled(consoles.map(async (c) => {
      await c.output('chaos.settle', {}, 300_000);
      log(`${c.email} settled`);
    }));
    settled.forEach((s, i) => s.status === 'rejected' && anomaly(`${consoles[i]!.email}: did not settle: ${(s.reason as Error).message}`));
    if (settled.some((x) => x.status === 'rejected')) {
      for (const u of urls) log(`${u}/health: ${await fetch(`${u}/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e: Error) => e.message)}`);
    }
    log('settled');
    // A console that never settled leaves nothing to compare: the anomaly says why.
    if (settled.some((x) => x.status === 'rejected')) return report;
    await checkRun({ o, report, anomaly, log, consoles, urls, tokens, smtp, expect, database: { databaseUrl, dataDir }, stopServers: async () => {
      for (const c of consoles) await c.stop();
      for (let i = 0; i < servers.length; i++) {
        if (servers[i]) {
          ending.add(servers[i]!.child);
          await stopServerProcess(servers[i]!.child);
        }
        servers[i] = null;
      }
    } });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
  return report;
}
