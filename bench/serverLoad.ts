/**
 * The server under load (issue 23, `npm run bench -- --only server`): a bench server of its own
 * per backend (PostgreSQL on the bench's throwaway cluster, and the embedded PGlite) at the
 * run's ticket count, with the demo customer holding 1,000 tickets and the traffic spread over
 * 200 accounts. Measures customer traffic at saturation and at a fixed offered rate, fan-out
 * to 500 staff live streams, the changes pull of a console one poke behind, and (PostgreSQL)
 * the bootstrap stream against PostgreSQL's own COPY of the same rows.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bootstrapNextHeader, bootstrapPageRows } from '../src/shared/sync/protocol';
import { createTestDatabase, findPostgresBin, type PostgresCluster } from '../tests/support/postgres';
import { offer, requestKinds, requestMaker, saturate, type LoadCustomer, type TrafficFigures } from './customerTraffic';
import { measureFanout } from './fanout';
import { startBenchServer } from './serverProcess';
import { machineCpuMs, processCpuMs } from './cpuTime';
import { percentile, round } from './stats';

interface Fixture {
  epoch: string;
  head: number;
  customers: LoadCustomer[];
  streams: string[];
  staffUsers: number;
  /** A session of admin@example.com, whose bootstrap is every row. */
  admin: string;
}

export const serverLoadPlan = { customers: 200, connections: 32, seconds: 30, rate: 400, streams: 500, fanoutMessages: 100, changesPulls: 200 };

/** The tables the admin's bootstrap reads, one per synced entity. */
const syncedTables = ['departments', 'users', 'accounts', 'licenses', 'ledger_entries', 'faq_articles', 'file_folders', 'files', 'tickets', 'ticket_messages', 'attachments', 'invoices', 'orders', 'license_transfers', 'url_change_requests', 'license_history'];

/** Every bootstrap page for one user, read and thrown away: the server's side of the first sync. */
async function readBootstrap(url: string, token: string): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now();
  let after: string | null = null;
  let rows = 0;
  let first = true;
  do {
    const q: string = after ? `&after=${encodeURIComponent(after)}` : '';
    const res: Response = await fetch(`${url}/api/sync/bootstrap?limit=${bootstrapPageRows.default}${q}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`bootstrap page: ${res.status} ${await res.text()}`);
    const text = await res.text();
    if (first) {
      // The end line of the first page counts every row the bootstrap will send.
      const end = JSON.parse(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)) as { counts: Record<string, number> };
      rows = Object.values(end.counts).reduce((a, b) => a + b, 0);
      first = false;
    }
    after = res.headers.get(bootstrapNextHeader);
  } while (after);
  return { rows, ms: performance.now() - t0 };
}

/**
 * The stream and COPY are each read this many times, alternating, and the fastest of each
 * compared: each side's capacity, not whatever else the machine was doing during one read
 * (right after the open-loop phase, autovacuum and checkpoints of its writes run). The spread
 * (slowest over fastest) is printed beside the figure.
 */
const streamRounds = 3;
const fastest = (runs: Array<{ rows: number; ms: number }>) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));

/** PostgreSQL's own `COPY (SELECT * FROM t) TO STDOUT` of the synced tables, through psql into /dev/null. */
async function copyTables(databaseUrl: string): Promise<{ rows: number; ms: number }> {
  const psql = path.join(findPostgresBin(), 'psql');
  const run = (args: string[], capture: boolean) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(psql, [databaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', ...args], { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql exited with ${code}: ${err}`))));
    });
  const counted = await run(['-At', '-c', `SELECT ${syncedTables.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')}`], true);
  const t0 = performance.now();
  await run(syncedTables.flatMap((t) => ['-c', `COPY (SELECT * FROM ${t}) TO STDOUT`]), false);
  return { rows: Number(counted.trim()), ms: performance.now() - t0 };
}

/** A console one poke behind: a customer posts, then the console pulls what it missed. */
async function changesOnePokeBehind(url: string, staffToken: string, cursor: string, post: () => Promise<void>, pulls: number): Promise<number[]> {
  const pullOnce = async (from: string) => {
    const res = await fetch(`${url}/api/sync/changes?cursor=${encodeURIComponent(from)}&limit=1000`, { headers: { authorization: `Bearer ${staffToken}` } });
    if (!res.ok) throw new Error(`changes: ${res.status} ${await res.text()}`);
    return (await res.json()) as { cursor: string; upToDate: boolean };
  };
  let at = cursor;
  for (let r = await pullOnce(at); ; r = await pullOnce(at)) {
    at = r.cursor;
    if (r.upToDate) break;
  }
  const samples: number[] = [];
  for (let i = 0; i < pulls; i++) {
    await post();
    const t = performance.now();
    at = (await pullOnce(at)).cursor;
    samples.push(performance.now() - t);
  }
  return samples;
}

export interface ServerLoadResult {
  results: Record<string, number>;
  /** The per-kind table, printed under the figures. */
  lines: string[];
}

export async function measureServerLoad(o: { backend: 'postgres' | 'pglite'; cluster: PostgresCluster | null; tickets: number; log: (line: string) => void }): Promise<ServerLoadResult> {
  const plan = serverLoadPlan;
  const suffix = o.backend === 'pglite' ? '_pglite' : '';
  const databaseUrl = o.backend === 'postgres' ? await createTestDatabase(o.cluster!.url) : undefined;
  o.log(`server load on ${o.backend}: generating ${o.tickets} tickets…`);
  const server = await startBenchServer(o.tickets, databaseUrl, { BENCH_ACCOUNT_TICKETS: '1000' });
  const results: Record<string, number> = {};
  const lines: string[] = [];
  try {
    const fixture = (await (await fetch(`${server.url}/bench/load-fixture?customers=${plan.customers}&streams=${plan.streams}`)).json()) as Fixture;
    const posters = fixture.customers.filter((c) => c.open.length);
    let nextPoster = 0;
    const post = async () => {
      const c = posters[nextPoster++ % posters.length]!;
      const res = await fetch(`${server.url}/api/customer/tickets/${c.open[nextPoster % c.open.length]}/messages`, {
        method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'Any news? The import still fails.' }),
      });
      if (!res.ok) throw new Error(`post: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    o.log(`  warm-up, then ${plan.seconds} s at ${plan.connections} connections…`);
    await saturate(server.url, requestMaker(fixture.customers, 9), { connections: plan.connections, seconds: 3 });
    // Where a request's time goes at saturation: the server process's CPU (one thread's worth at
    // most) and the whole machine's (PostgreSQL's processes and the load generator included).
    const cpu0 = { server: processCpuMs(server.pid), machine: machineCpuMs(), self: process.cpuUsage() };
    const sat = await saturate(server.url, requestMaker(fixture.customers, 1), { connections: plan.connections, seconds: plan.seconds });
    const answered = requestKinds.reduce((n, k) => n + sat.kinds[k].count + sat.kinds[k].errors, 0);
    const cpu1 = { server: processCpuMs(server.pid), machine: machineCpuMs(), self: process.cpuUsage(cpu0.self) };
    if (cpu0.server !== null && cpu1.server !== null) results[`server_cpu_ms_per_request${suffix}`] = round((cpu1.server - cpu0.server) / answered, 2);
    if (cpu0.machine !== null && cpu1.machine !== null) results[`machine_cpu_ms_per_request${suffix}`] = round((cpu1.machine - cpu0.machine) / answered, 2);
    results[`loadgen_cpu_ms_per_request${suffix}`] = round((cpu1.self.user + cpu1.self.system) / 1000 / answered, 2);
    o.log(`  ${plan.seconds} s offered at ${plan.rate}/s…`);
    const open = await offer(server.url, requestMaker(fixture.customers, 2), { rate: plan.rate, seconds: plan.seconds });
    // Below capacity too: the latency a customer sees when the server is busy but keeps up.
    const halfRate = Math.max(10, Math.round(sat.rps / 2));
    o.log(`  ${plan.seconds / 2} s offered at ${halfRate}/s (half the saturation rate)…`);
    const half = await offer(server.url, requestMaker(fixture.customers, 3), { rate: halfRate, seconds: plan.seconds / 2 });
    results[`server_half_rate${suffix}`] = halfRate;
    results[`server_half_open_p95_ms${suffix}`] = half.kinds.open.p95;
    results[`server_half_post_p95_ms${suffix}`] = half.kinds.post.p95;
    results[`server_rps${suffix}`] = sat.rps;
    results[`server_open_p95_ms${suffix}`] = open.kinds.open.p95;
    results[`server_post_p95_ms${suffix}`] = open.kinds.post.p95;
    results[`server_open_p50_ms${suffix}`] = open.kinds.open.p50;
    results[`server_post_p50_ms${suffix}`] = open.kinds.post.p50;
    results[`server_errors${suffix}`] = sat.errors + open.errors;
    results[`server_offered_rps${suffix}`] = open.rps;
    lines.push(...trafficTable(o.backend, sat, open, half));

    if (o.backend === 'postgres') {
      o.log(`  the bootstrap stream against COPY, best of ${streamRounds} each, alternating…`);
      const streams: Array<{ rows: number; ms: number }> = [];
      const copies: Array<{ rows: number; ms: number }> = [];
      for (let i = 0; i < streamRounds; i++) {
        streams.push(await readBootstrap(server.url, fixture.admin));
        copies.push(await copyTables(databaseUrl!));
      }
      const stream = fastest(streams);
      const copy = fastest(copies);
      results.server_stream_ms_spread = round(Math.max(...streams.map((r) => r.ms)) / stream.ms, 2);
      results.copy_ms_spread = round(Math.max(...copies.map((r) => r.ms)) / copy.ms, 2);
      results.server_stream_rows_per_s = Math.round(stream.rows / (stream.ms / 1000));
      results.copy_rows_per_s = Math.round(copy.rows / (copy.ms / 1000));
      results.server_stream_vs_copy = round(results.server_stream_rows_per_s / results.copy_rows_per_s, 3);
      results.server_stream_rows = stream.rows;
      results.copy_rows = copy.rows;
    } else {
      o.log(`  the bootstrap stream, best of ${streamRounds}…`);
      const streams: Array<{ rows: number; ms: number }> = [];
      for (let i = 0; i < streamRounds; i++) streams.push(await readBootstrap(server.url, fixture.admin));
      const stream = fastest(streams);
      results.server_stream_rows_per_s_pglite = Math.round(stream.rows / (stream.ms / 1000));
    }

    o.log(`  fan-out to ${plan.streams} live streams (${fixture.staffUsers} staff members)…`);
    // From the head now, as consoles that kept up with the traffic above.
    const cursorsAt = await fetch(`${server.url}/bench/cursors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tokens: fixture.streams }) });
    const { cursors } = (await cursorsAt.json()) as { cursors: string[] };
    const fan = await measureFanout({ url: server.url, pid: server.pid, streams: fixture.streams, cursors, post, messages: plan.fanoutMessages, log: o.log });
    results[`fanout_p95_ms${suffix}`] = fan.pokeP95;
    results[`fanout_p50_ms${suffix}`] = fan.pokeP50;
    results[`fanout_pull_p95_ms${suffix}`] = fan.pullP95;
    results[`server_rss_mb${suffix}`] = fan.rssMb;
    if (fan.serverCpuMsPerPoke !== null) results[`fanout_server_cpu_ms_per_poke${suffix}`] = fan.serverCpuMsPerPoke;
    if (fan.machineCpuMsPerPoke !== null) results[`fanout_machine_cpu_ms_per_poke${suffix}`] = fan.machineCpuMsPerPoke;
    results[`fanout_pull_errors${suffix}`] = fan.pullErrors;

    o.log('  changes for a console one poke behind…');
    const changes = await changesOnePokeBehind(server.url, fixture.streams[0]!, cursors[0]!, post, plan.changesPulls);
    results[`changes_p95_ms${suffix}`] = round(percentile(changes, 95), 2);
    results[`changes_p50_ms${suffix}`] = round(percentile(changes, 50), 2);
  } finally {
    await server.stop();
  }
  return { results, lines };
}

function trafficTable(backend: string, sat: TrafficFigures, open: TrafficFigures, half: TrafficFigures): string[] {
  const errors = (f: TrafficFigures) => (f.errors ? `, ${f.errors} errors ${JSON.stringify(f.statuses)}` : '');
  const rows = [
    `customer traffic on ${backend} (ms): saturation at ${serverLoadPlan.connections} connections ${sat.rps} req/s${errors(sat)}; ` +
      `open loop at ${serverLoadPlan.rate}/s offered, ${open.rps} req/s answered${errors(open)}; open loop at half the saturation rate${errors(half)}`,
  ];
  const cell = (v: number | string) => String(v).padStart(8);
  rows.push(`  ${'kind'.padEnd(8)} ${cell('sat n')} ${cell('sat err')} ${cell('sat p50')} ${cell('sat p95')} ${cell('sat p99')}   ${cell('400 p50')} ${cell('400 p95')} ${cell('400 p99')}   ${cell('half p50')} ${cell('half p95')} ${cell('half p99')}`);
  for (const k of requestKinds) {
    const [s, q, h] = [sat.kinds[k], open.kinds[k], half.kinds[k]];
    rows.push(`  ${k.padEnd(8)} ${cell(s.count)} ${cell(s.errors)} ${cell(s.p50)} ${cell(s.p95)} ${cell(s.p99)}   ${cell(q.p50)} ${cell(q.p95)} ${cell(q.p99)}   ${cell(h.p50)} ${cell(h.p95)} ${cell(h.p99)}`);
  }
  return rows;
}
