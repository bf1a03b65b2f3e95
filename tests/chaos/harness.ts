/**
 * The fault harness (issue 20): real server processes, either one on the embedded database
 * or two on one PostgreSQL (`backend: 'postgres'`), several consoles (the real sync engine,
 * each on its own cache, spread over the servers), customers over HTTP, and a seeded random
 * mix of actions (replies, notes, claims, closes that charge, reopens, ledger adjustments,
 * customer tickets and messages) while faults hit: a server SIGKILLed and restarted, paused
 * (SIGSTOP/SIGCONT), PostgreSQL restarted in immediate mode, the consoles' connections cut and
 * partitioned by a TCP proxy, consoles cut off the network and restarted on their cache.
 * After a quiet period it checks what must hold: every outbox empty, every cache equal row by
 * row to a fresh bootstrap for its user, every reply and adjustment on the server once (none
 * lost, none doubled), each ticket charged at most once, each account's balance the sum of its
 * ledger, no cursor gone backwards. `npm run chaos -- --seed N --seconds S [--postgres]`
 * replays a run.
 *
 * Not here: consoles as child processes (they run in this process, each with its own engine
 * and cache), delayed packets (the proxy cuts and partitions), the email outbox (its unique
 * event key makes a second send of one event impossible by construction).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCache, type Cache } from '../../src/main/cache/cacheDatabase';
import { outboxCounts } from '../../src/main/cache/outbox';
import { SyncEngine } from '../../src/main/sync/syncEngine';
import { parseCursor } from '../../src/shared/sync/protocol';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';
import { createTestDatabase, startPostgres, type PostgresCluster } from '../support/postgres';
import { TcpProxy } from '../console/support/tcpProxy';
import { cacheRows } from '../main/support/fixtures';
import { prng } from '../main/support/syntheticCache';

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
  actions: Record<string, number>;
  faults: Record<string, number>;
  replies: number;
  anomalies: string[];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

interface Console {
  email: string;
  /** The proxy (and so the server) this console talks to. */
  proxy: TcpProxy;
  cache: Cache;
  engine: SyncEngine;
  offline: boolean;
  /** The newest cursor seq seen per epoch, to catch one going backwards. */
  cursors: Map<string, number>;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => undefined);
  const rnd = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const report: ChaosReport = { seed: o.seed, seconds: o.seconds, actions: {}, faults: {}, replies: 0, anomalies: [] };
  const count = (bag: Record<string, number>, k: string) => (bag[k] = (bag[k] ?? 0) + 1);
  const onPostgres = o.backend === 'postgres';
  // Durable commits: an immediate restart must lose nothing that was acknowledged.
  const cluster: PostgresCluster | null = onPostgres ? await startPostgres({ durable: true }) : null;
  const shared: Record<string, string> = cluster ? { DATABASE_URL: await createTestDatabase(cluster.url) } : { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sb-chaos-')) };
  const envs: Array<Record<string, string>> = [];
  for (let i = 0; i < (onPostgres ? 2 : 1); i++) envs.push({ ...shared, PORT: String(await freePort()), SEED_TICKETS: '20', LIFECYCLE_INTERVAL_MS: '0' });
  // One after the other: the first migrates and seeds, the second finds it done.
  const servers: Array<{ url: string; child: ChildProcess }> = [];
  for (const env of envs) servers.push(await spawnServerProcess(env, 300_000));
  const urls = servers.map((s) => s.url);
  const url = urls[0]!;
  // The consoles reach the servers through TCP proxies that cut connections mid-request and partition them.
  const proxies = await Promise.all(urls.map((u) => TcpProxy.start(u)));
  let paused = false;
  let lastKill = Date.now();
  let lastDatabaseRestart = Date.now();
  /** The partition in force, healing when it resolves. */
  let healing: Promise<void> | null = null;

  const http = async (method: string, p: string, token?: string, body?: unknown) => {
    // A customer reaches whichever server the load balancer picks.
    const res = await fetch(pick(urls) + p, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(5000),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const login = async (email: string) => (await http('POST', '/api/auth/login', undefined, { email, password: demoPassword })).body.token as string;
  const tokens: Record<string, string> = {};
  for (const email of ['customer@example.com', 'dispatcher@example.com', 'engineer@example.com', 'admin@example.com']) tokens[email] = await login(email);

  const staff = ['dispatcher@example.com', 'engineer@example.com', 'admin@example.com'];
  const consoles: Console[] = [];
  const makeEngine = (c: Omit<Console, 'engine'>) =>
    new SyncEngine({
      serverUrl: c.proxy.url, token: tokens[c.email]!, cache: c.cache,
      backoff: { baseMs: 50, maxMs: 500, random: rnd },
      fetch: (input, init) => {
        if (c.offline) return Promise.reject(new TypeError('fetch failed: offline (chaos)'));
        const u = new URL(String(input));
        const cursor = u.pathname === '/api/sync/changes' ? u.searchParams.get('cursor') : null;
        if (cursor) {
          const { epoch, seq } = parseCursor(cursor);
          const last = c.cursors.get(epoch) ?? -1;
          if (seq < last) report.anomalies.push(`${c.email}: cursor went back from ${last} to ${seq} in epoch ${epoch}`);
          c.cursors.set(epoch, Math.max(last, seq));
        }
        return fetch(input, init);
      },
    });
  for (let i = 0; i < (o.consoles ?? 3); i++) {
    const base = { email: staff[i % staff.length]!, proxy: proxies[i % proxies.length]!, cache: openCache(path.join(mkdtempSync(path.join(tmpdir(), 'sb-chaos-cache-')), 'cache.sqlite')), offline: false, cursors: new Map<string, number>() };
    const c: Console = { ...base, engine: makeEngine(base) };
    await c.engine.start();
    consoles.push(c);
  }
  const replies: string[] = [];
  /** The reasons of the ledger adjustments made, each unique: each must be on the server once. */
  const adjustments: string[] = [];
  const closedIds = (c: Console) => (c.cache.reader.db.prepare(`SELECT id FROM tickets WHERE id > 0 AND status = 'closed' AND merged_into_id IS NULL`).all() as Array<{ id: number }>).map((t) => t.id);
  const ticketIds = (c: Console) => (c.cache.reader.db.prepare(`SELECT id FROM tickets WHERE id > 0 AND status <> 'closed'`).all() as Array<{ id: number }>).map((t) => t.id);

  const actions: Record<string, () => Promise<void>> = {
    'customer.ticket': async () => void (await http('POST', '/api/customer/tickets', tokens['customer@example.com'], { type: pick(['tech', 'sales', 'project']), subject: `Chaos ${rnd().toString(36).slice(2, 8)}`, body: 'It broke' })),
    'customer.message': async () => {
      const list = await http('GET', '/api/customer/tickets', tokens['customer@example.com']);
      const items = (list.body?.tickets ?? []) as Array<{ number: number; status: string }>;
      const open = items.filter((t) => t.status !== 'closed');
      if (open.length) await http('POST', `/api/customer/tickets/${pick(open).number}/messages`, tokens['customer@example.com'], { body: 'Any news?' });
    },
    'console.reply': async () => {
      const c = pick(consoles);
      const ids = ticketIds(c);
      if (!ids.length) return;
      const { clientRef } = c.engine.perform('ticket.reply', { ticketId: pick(ids), body: `Reply ${replies.length}` });
      if (clientRef) replies.push(clientRef);
    },
    'console.note': async () => {
      const c = pick(consoles);
      const ids = ticketIds(c);
      if (ids.length) c.engine.perform('ticket.note', { ticketId: pick(ids), body: 'Internal' });
    },
    'console.claim': async () => {
      const c = pick(consoles.filter((x) => x.email !== 'dispatcher@example.com'));
      const ids = ticketIds(c);
      if (ids.length) c.engine.perform('ticket.claim', { ticketId: pick(ids) });
    },
    // Closing charges the ticket's cost once; reopening and closing again must not charge twice.
    'console.close': async () => {
      const c = pick(consoles.filter((x) => x.email !== 'dispatcher@example.com'));
      const ids = ticketIds(c);
      if (ids.length) c.engine.perform('ticket.close', { ticketId: pick(ids) });
    },
    'console.reopen': async () => {
      const c = pick(consoles);
      const ids = closedIds(c);
      if (ids.length) c.engine.perform('ticket.reopen', { ticketId: pick(ids) });
    },
    'billing.adjust': async () => {
      const c = consoles.find((x) => x.email === 'admin@example.com');
      const accounts = c ? (c.cache.reader.db.prepare('SELECT id FROM accounts').all() as Array<{ id: number }>) : [];
      if (!c || !accounts.length) return;
      const reason = `Chaos adjustment ${adjustments.length} (${o.seed})`;
      c.engine.perform('ledger.adjust', { accountId: pick(accounts).id, points: 1 + Math.floor(rnd() * 20), reason });
      adjustments.push(reason);
    },
  };
  /** Each fault; false when it was not due (and is not counted). */
  const faults: Record<string, () => Promise<void | false>> = {
    'server.kill': async () => {
      // A restart takes seconds (a process start, the database opened): at most one per 15 s of run.
      if (paused || Date.now() - lastKill < 15_000) return false;
      lastKill = Date.now();
      const i = Math.floor(rnd() * servers.length);
      const exited = new Promise((resolve) => servers[i]!.child.once('exit', resolve));
      servers[i]!.child.kill('SIGKILL');
      await exited;
      await pause(rnd() * 500);
      servers[i] = await spawnServerProcess(envs[i]!, 300_000);
    },
    'server.pause': async () => {
      if (paused) return false;
      paused = true;
      const { child } = pick(servers);
      child.kill('SIGSTOP');
      await pause(200 + rnd() * 800);
      child.kill('SIGCONT');
      paused = false;
    },
    'database.restart': async () => {
      // PostgreSQL only, in immediate mode (a crash), at most once per 15 s; the servers must reconnect on their own.
      if (!cluster || paused || Date.now() - lastDatabaseRestart < 15_000) return false;
      lastDatabaseRestart = Date.now();
      await cluster.restart();
    },
    'network.cut': async () => pick(proxies).cut(),
    'network.partition': async () => {
      if (healing) return false;
      const proxy = pick(proxies);
      await proxy.stop();
      healing = pause(200 + rnd() * 1500).then(() => proxy.resume()).finally(() => (healing = null));
    },
    'console.offline': async () => {
      const c = pick(consoles);
      c.offline = true;
      setTimeout(() => (c.offline = false), 200 + rnd() * 1500);
    },
    'console.restart': async () => {
      const c = pick(consoles);
      await c.engine.stop();
      c.engine = makeEngine(c);
      await c.engine.start();
    },
  };

  const deadline = Date.now() + o.seconds * 1000;
  while (Date.now() < deadline) {
    const fault = rnd() < 0.08;
    const [name, run] = fault ? pick(Object.entries(faults)) : pick(Object.entries(actions));
    try {
      if ((await run()) !== false) count(fault ? report.faults : report.actions, name);
    } catch (err) {
      // A customer's request during an outage, or a local refusal: what a user would see and retry.
      count(report.actions, `${name}.failed`);
      log(`${name}: ${(err as Error).message}`);
    }
    await pause(10 + rnd() * 60);
  }

  // Quiet period: everyone online, the server running, until every outbox is empty.
  log('quiet period');
  for (const c of consoles) c.offline = false;
  await healing;

  const quietUntil = Date.now() + 60_000;
  for (const c of consoles) {
    for (;;) {
      try {
        await c.engine.push();
        await c.engine.pull();
      } catch (err) {
        log(`${c.email} quiet: ${(err as Error).message}`);
      }
      if (outboxCounts(c.cache.reader).waiting === 0 || Date.now() > quietUntil) break;
      await pause(100);
    }
    const { waiting } = outboxCounts(c.cache.reader);
    if (waiting) report.anomalies.push(`${c.email}: ${waiting} mutations still in the outbox after the quiet period`);
  }
  for (const c of consoles) await c.engine.pull();

  // The truth: a fresh bootstrap per user, and the admin's (every ticket) for the replies.
  const fresh = new Map<string, Cache>();
  for (const email of [...new Set([...consoles.map((c) => c.email), 'admin@example.com'])]) {
    const cache = openCache(path.join(mkdtempSync(path.join(tmpdir(), 'sb-chaos-truth-')), 'cache.sqlite'));
    const engine = new SyncEngine({ serverUrl: url, token: tokens[email]!, cache });
    await engine.bootstrap();
    await engine.stop();
    fresh.set(email, cache);
  }
  for (const c of consoles) {
    const mine = cacheRows(c.cache);
    const truth = cacheRows(fresh.get(c.email)!);
    for (const entity of Object.keys(truth) as Array<keyof typeof truth>) {
      if (JSON.stringify(mine[entity]) !== JSON.stringify(truth[entity])) report.anomalies.push(`${c.email}: cached ${entity} rows differ from a fresh bootstrap (${mine[entity].length} vs ${truth[entity].length})`);
    }
  }
  const rejected = new Set<string>();
  for (const c of consoles) {
    for (const r of c.cache.reader.db.prepare(`SELECT args FROM outbox WHERE state = 'rejected' AND name = 'ticket.reply'`).all() as Array<{ args: string }>) rejected.add(JSON.parse(r.args).clientRef);
  }
  const admin = fresh.get('admin@example.com')!;
  for (const ref of replies) {
    const n = (admin.reader.db.prepare('SELECT count(*) AS n FROM messages WHERE client_ref = ?').get(ref) as { n: number }).n;
    const want = rejected.has(ref) ? 0 : 1;
    if (n !== want) report.anomalies.push(`reply ${ref} is on the server ${n} times (expected ${want})`);
  }
  report.replies = replies.length;
  const rejectedAdjustments = new Set<string>();
  for (const c of consoles) {
    for (const r of c.cache.reader.db.prepare(`SELECT args FROM outbox WHERE state = 'rejected' AND name = 'ledger.adjust'`).all() as Array<{ args: string }>) rejectedAdjustments.add(JSON.parse(r.args).reason);
  }
  for (const reason of adjustments) {
    const n = (admin.reader.db.prepare('SELECT count(*) AS n FROM ledger_entries WHERE reason = ?').get(reason) as { n: number }).n;
    const want = rejectedAdjustments.has(reason) ? 0 : 1;
    if (n !== want) report.anomalies.push(`adjustment "${reason}" is on the server ${n} times (expected ${want})`);
  }
  for (const t of admin.reader.db.prepare(`SELECT ticket_id AS ticketId, count(*) AS n FROM ledger_entries WHERE kind = 'ticket_charge' GROUP BY ticket_id HAVING count(*) > 1`).all() as Array<{ ticketId: number; n: number }>) {
    report.anomalies.push(`ticket ${t.ticketId} was charged ${t.n} times`);
  }
  for (const a of admin.reader.db.prepare(
    `SELECT a.id, a.points_balance AS balance, coalesce((SELECT sum(points) FROM ledger_entries l WHERE l.account_id = a.id), 0) AS sum FROM accounts a`,
  ).all() as Array<{ id: number; balance: number; sum: number }>) {
    if (a.balance !== a.sum) report.anomalies.push(`account ${a.id}: balance ${a.balance} is not the sum of its ledger (${a.sum})`);
  }

  for (const c of consoles) {
    await c.engine.stop();
    c.cache.close();
  }
  for (const cache of fresh.values()) cache.close();
  for (const proxy of proxies) await proxy.stop();
  for (const s of servers) await stopServerProcess(s.child);
  await cluster?.stop();
  return report;
}
