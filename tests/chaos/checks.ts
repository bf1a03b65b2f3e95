/**
 * What must hold after the fault harness's quiet period (issue 20), each breach an anomaly:
 * - every console's cache equals, row by row, a fresh bootstrap of the same user (what the
 *   server's scopes give it); every outbox empty, every upload sent or refused;
 * - every mutation a console acknowledged has exactly one result on the server, the server's
 *   refusals are the ones the console shows, none is an internal error, and the server has
 *   seen every mutation id the console issued;
 * - every reply and note once on the server (none if refused; at most once if the console
 *   died before acknowledging it), every ledger adjustment and every upload likewise;
 * - each ticket charged at most once, each order credited at most once, each balance the sum
 *   of its ledger;
 * - each email event one outbox row and at most one delivery to the SMTP peer, every row
 *   marked sent delivered, nothing delivered that no row stands for.
 * (Cursors going backwards are caught as they are sent: consoleProcess.ts.)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCache, type Cache } from '../../src/main/cache/cacheDatabase';
import { SyncEngine } from '../../src/main/sync/syncEngine';
import { openDatabase } from '../../src/server/db/database';
import type { SmtpPeer } from '../support/lifecycle';
import { cacheRows, type RowsByEntity } from '../main/support/fixtures';
import type { ConsoleProcess } from './consoleProcess';
import type { ChaosOptions, ChaosReport } from './harness';

export interface Expectations {
  /** Replies and notes, by the clientRef the harness gave them; acked: the console answered the call. */
  messages: Array<{ clientRef: string; email: string; acked: boolean }>;
  adjustments: Array<{ reason: string; email: string; acked: boolean }>;
  uploads: Array<{ name: string; email: string; acked: boolean }>;
  /** Every local action a console acknowledged, by its outbox (mutation) id. */
  receipts: Array<{ email: string; mutationId: number; op: string }>;
}

interface RunState {
  o: ChaosOptions;
  report: ChaosReport;
  anomaly: (text: string) => void;
  log: (line: string) => void;
  consoles: ConsoleProcess[];
  urls: string[];
  tokens: Record<string, string>;
  smtp: SmtpPeer;
  expect: Expectations;
  database: { databaseUrl?: string; dataDir?: string };
  /** Stops the consoles and the servers (the embedded database can be opened only then). */
  stopServers: () => Promise<void>;
}

interface ConsoleLeftovers {
  clientId: string;
  nextMutationId: number;
  rejected: Array<{ id: number; name: string; args: Record<string, unknown>; error: { code: string } }>;
  failedUploads: string[];
}

async function freshBootstrap(url: string, token: string): Promise<Cache> {
  const cache = openCache(path.join(mkdtempSync(path.join(tmpdir(), 'sb-chaos-truth-')), 'cache.sqlite'));
  const engine = new SyncEngine({ serverUrl: url, token, cache });
  await engine.bootstrap();
  await engine.stop();
  return cache;
}

/** The first rows that differ, by id, for the anomaly's text. */
function difference(mine: Array<Record<string, unknown>>, truth: Array<Record<string, unknown>>): string {
  const byId = (rows: Array<Record<string, unknown>>) => new Map(rows.map((r) => [r.id, JSON.stringify(r)]));
  const a = byId(mine);
  const b = byId(truth);
  const out: string[] = [];
  for (const [id, row] of b) if (a.get(id) !== row) out.push(a.has(id) ? `id ${id}: ${a.get(id)} vs ${row}` : `missing ${row}`);
  for (const id of a.keys()) if (!b.has(id)) out.push(`id ${id} extra`);
  return `${out.length} rows: ${out.slice(0, 2).join('; ').slice(0, 600)}`;
}

export async function checkRun(s: RunState): Promise<void> {
  const { anomaly, consoles, report } = s;
  const checked = (k: string, n: number) => (report.checked[k] = (report.checked[k] ?? 0) + n);

  // Caches against fresh bootstraps. A console settles only its own outbox, so another's late
  // push may still be on its way to it: every console settles again before the comparison,
  // and a difference is looked at once more after another settle, as a user's next pull would.
  const truths = new Map<string, RowsByEntity>();
  const truthCaches: Cache[] = [];
  let admin: Cache | null = null;
  try {
    for (let round = 0; round < 3; round++) {
      await Promise.all(consoles.map((c) => c.output('chaos.settle', {}, 300_000)));
      truths.clear();
      for (const email of new Set([...consoles.map((c) => c.email), 'admin@example.com'])) {
        const cache = await freshBootstrap(s.urls[0]!, s.tokens[email]!);
        truthCaches.push(cache);
        truths.set(email, cacheRows(cache));
        if (email === 'admin@example.com') admin = cache;
      }
      const diffs: string[] = [];
      for (const c of consoles) {
        const mine = await c.output<RowsByEntity>('chaos.rows', {}, 120_000);
        const truth = truths.get(c.email)!;
        for (const entity of Object.keys(truth) as Array<keyof RowsByEntity>) {
          checked('cachedRows', truth[entity].length);
          if (JSON.stringify(mine[entity]) !== JSON.stringify(truth[entity])) diffs.push(`${c.email}: cached ${entity} rows differ from a fresh bootstrap (${difference(mine[entity], truth[entity])})`);
        }
      }
      if (!diffs.length) break;
      if (round === 2) diffs.forEach(anomaly);
    }

    // What each console has left: its outbox, its refusals, its client id.
    const leftovers = new Map<ConsoleProcess, ConsoleLeftovers>();
    for (const c of consoles) {
      const [waiting] = await c.query<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE state <> 'rejected'`);
      if (waiting!.n) anomaly(`${c.email}: ${waiting!.n} mutations still in the outbox after the quiet period`);
      const [uploading] = await c.query<{ n: number }>(`SELECT count(*) AS n FROM upload_queue WHERE state IN ('queued', 'sending')`);
      if (uploading!.n) anomaly(`${c.email}: ${uploading!.n} uploads still queued after the quiet period`);
      const [state] = await c.query<{ clientId: string; nextMutationId: number }>('SELECT client_id AS clientId, next_mutation_id AS nextMutationId FROM sync_state');
      const rejected = (await c.query<{ id: number; name: string; args: string; error: string }>(`SELECT id, name, args, error FROM outbox WHERE state = 'rejected'`)).map((r) => ({ ...r, args: JSON.parse(r.args), error: JSON.parse(r.error) }));
      const failedUploads = (await c.query<{ name: string }>(`SELECT name FROM upload_queue WHERE state = 'failed'`)).map((r) => r.name);
      leftovers.set(c, { ...state!, rejected, failedUploads });
      checked('rejectedMutations', rejected.length);
    }

    // Balances from the admin's fresh cache, checked against the server's ledger below.
    s.log('caches compared');
    const balances = admin!.reader.db.prepare('SELECT id, points_balance AS balance FROM accounts').all() as Array<{ id: number; balance: number | null }>;

    await s.stopServers();
    const db = await openDatabase(s.database);
    try {
      const q = <T>(text: string, params: unknown[] = []) => db.query<T>(text, params);

      // Every mutation a console issued reached the server once, with the verdict the console shows.
      for (const c of consoles) {
        const left = leftovers.get(c)!;
        const [client] = await q<{ last: number }>('SELECT last_mutation_id::int AS last FROM sync_clients WHERE client_id = $1', [left.clientId]);
        const issued = left.nextMutationId - 1;
        if ((client?.last ?? 0) !== issued) anomaly(`${c.email}: issued mutations 1..${issued}, the server has seen up to ${client?.last ?? 0}`);
        const results = await q<{ id: number; status: string; code: string | null }>(
          `SELECT mutation_id::int AS id, status, error->>'code' AS code FROM sync_mutation_results WHERE client_id = $1`, [left.clientId]);
        const byId = new Map(results.map((r) => [r.id, r]));
        for (const r of s.expect.receipts.filter((x) => x.email === c.email)) {
          checked('mutations', 1);
          if (!byId.has(r.mutationId)) anomaly(`${c.email}: mutation ${r.mutationId} (${r.op}) has no result on the server`);
        }
        for (const r of results) if (r.code === 'internal_error') anomaly(`${c.email}: mutation ${r.id} failed with an internal error on the server`);
        const serverRejected = new Set(results.filter((r) => r.status === 'rejected').map((r) => r.id));
        const shown = new Set(left.rejected.map((r) => r.id));
        for (const id of serverRejected) if (!shown.has(id)) anomaly(`${c.email}: the server refused mutation ${id}, the console does not show it`);
        for (const id of shown) if (!serverRejected.has(id)) anomaly(`${c.email}: the console shows mutation ${id} refused, the server applied it`);
      }

      // Replies and notes: once, none if refused, at most once if never acknowledged.
      const refusedRefs = new Set([...leftovers.values()].flatMap((l) => l.rejected.map((r) => r.args.clientRef as string | undefined)).filter(Boolean));
      const counts = new Map((await q<{ ref: string; n: number }>(`SELECT client_ref AS ref, count(*)::int AS n FROM ticket_messages WHERE client_ref LIKE 'chaos-%' GROUP BY client_ref`)).map((r) => [r.ref, r.n]));
      for (const m of s.expect.messages) {
        checked('messages', 1);
        const n = counts.get(m.clientRef) ?? 0;
        if (refusedRefs.has(m.clientRef) ? n !== 0 : m.acked ? n !== 1 : n > 1) anomaly(`message ${m.clientRef} of ${m.email} is on the server ${n} times (${refusedRefs.has(m.clientRef) ? 'refused' : m.acked ? 'acknowledged' : 'unacknowledged'})`);
      }

      const refusedReasons = new Set([...leftovers.values()].flatMap((l) => l.rejected.filter((r) => r.name === 'ledger.adjust').map((r) => r.args.reason as string)));
      for (const a of s.expect.adjustments) {
        checked('adjustments', 1);
        const [{ n }] = (await q<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries WHERE reason = $1', [a.reason])) as [{ n: number }];
        if (refusedReasons.has(a.reason) ? n !== 0 : a.acked ? n !== 1 : n > 1) anomaly(`adjustment "${a.reason}" is on the server ${n} times`);
      }

      const failed = new Set([...leftovers.values()].flatMap((l) => l.failedUploads));
      const uploads = new Map((await q<{ name: string; n: number }>(`SELECT file_name AS name, count(*)::int AS n FROM attachments WHERE file_name LIKE 'chaos-%' GROUP BY file_name`)).map((r) => [r.name, r.n]));
      for (const u of s.expect.uploads) {
        checked('uploads', 1);
        const n = uploads.get(u.name) ?? 0;
        if (failed.has(u.name) ? n !== 0 : u.acked ? n !== 1 : n > 1) anomaly(`upload ${u.name} of ${u.email} is on the server ${n} times${failed.has(u.name) ? ' (refused)' : ''}`);
      }

      for (const t of await q<{ id: number; n: number }>(`SELECT ticket_id::int AS id, count(*)::int AS n FROM ledger_entries WHERE kind = 'ticket_charge' GROUP BY ticket_id HAVING count(*) > 1`)) anomaly(`ticket ${t.id} was charged ${t.n} times`);
      for (const o of await q<{ id: number; n: number }>(`SELECT order_id::int AS id, count(*)::int AS n FROM ledger_entries WHERE kind = 'purchase' AND order_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1`)) anomaly(`order ${o.id} was credited ${o.n} times`);
      checked('charges', (await q<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_entries WHERE kind = 'ticket_charge'`))[0]!.n);
      const sums = new Map((await q<{ id: number; sum: number }>('SELECT account_id::int AS id, sum(points)::int AS sum FROM ledger_entries GROUP BY account_id')).map((r) => [r.id, r.sum]));
      for (const b of balances) {
        checked('balances', 1);
        if ((b.balance ?? 0) !== (sums.get(b.id) ?? 0)) anomaly(`account ${b.id}: balance ${b.balance} is not the sum of its ledger (${sums.get(b.id) ?? 0})`);
      }

      // Email: each event one row (its unique key) and at most one delivery.
      const rows = await q<{ eventKey: string; state: string }>('SELECT event_key AS "eventKey", state FROM email_outbox');
      const delivered = new Map<string, number>();
      for (const m of s.smtp.received) {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(m.raw)?.[1] ?? '(none)';
        delivered.set(id, (delivered.get(id) ?? 0) + 1);
      }
      for (const [id, n] of delivered) if (n > 1) anomaly(`email ${id} was delivered ${n} times`);
      const idOf = (eventKey: string) => [...delivered.keys()].find((id) => id.startsWith(`<${eventKey.replace(/[^A-Za-z0-9.-]/g, '.')}.`));
      const known = new Set<string>();
      for (const r of rows) {
        checked('emails', 1);
        const id = idOf(r.eventKey);
        if (id) known.add(id);
        if (r.state === 'sent' && !id) anomaly(`email event ${r.eventKey} is marked sent but never reached the SMTP peer`);
      }
      for (const id of delivered.keys()) if (!known.has(id)) anomaly(`email ${id} was delivered but no outbox row stands for it`);
      checked('emailsPending', rows.filter((r) => r.state === 'pending').length);
    } finally {
      await db.close();
    }
  } finally {
    for (const cache of truthCaches) cache.close();
  }
}
