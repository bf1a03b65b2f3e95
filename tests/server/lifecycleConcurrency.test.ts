/**
 * Two server processes on one PostgreSQL run their schedulers and email senders at the same
 * time over a few thousand due tickets: every ticket is moved once, charged once, and gets
 * one email per event. First the second server is a full `startServer` with its own
 * connection pool and the same test clock (so both run at exactly the same moments); then it
 * is a real child process (`npm run server`'s entry point) on its own timer and the system
 * clock, sending through SMTP while this process sends to memory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app';
import { openPostgres } from '../../src/server/db/database';
import { startTestServer, type TestServer } from '../support/testServer';
import { CapturedMail, DAY, SmtpPeer, spawnServerProcess, stopServerProcess } from '../support/lifecycle';

const ticketCount = Number(process.env.LIFECYCLE_CONCURRENCY_TICKETS ?? 2000);

describe('two server processes on one PostgreSQL', () => {
  let a: TestServer;
  let b: RunningServer;
  const mailA = new CapturedMail();
  const mailB = new CapturedMail();

  beforeAll(async () => {
    a = await startTestServer('postgres', { mailTransport: mailA });
    b = await startServer(
      { ...a.ctx.config, dataDir: mkdtempSync(path.join(tmpdir(), 'sb-second-')) },
      { clock: a.clock, db: await openPostgres(a.databaseUrl!), listen: false, mailTransport: mailB },
    );
    // Answered ten days ago, written straight into the table as an older server version would
    // have left them (no stored pre-close deadline): all due for pre-closing at once.
    await a.ctx.db.query(
      `INSERT INTO tickets (account_id, author_user_id, type, subject, priority, status, cost, score, answered_at, created_at, updated_at)
       SELECT u.account_id, u.id, 'tech', 'Bulk ticket ' || g, 'normal', 'answered', g % 4, 2, $1::bigint, $1::bigint - 3600000, $1::bigint
         FROM generate_series(1, $2::int) g, users u WHERE u.email = 'customer@example.com'`,
      [a.clock.now() - 10 * DAY, ticketCount],
    );
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('pre-closes every due ticket once, with one email each, the work shared by both', async () => {
    const [ra, rb] = await Promise.all([a.scheduler.runDue(), b.scheduler.runDue()]);
    expect(ra.preClosed + rb.preClosed).toBe(ticketCount);
    expect(ra.preClosed).toBeGreaterThan(0);
    expect(rb.preClosed).toBeGreaterThan(0);
    const [counts] = await a.ctx.db.query<{ preClosed: number; emails: number; perTicket: number }>(
      `SELECT (SELECT count(*) FROM tickets WHERE status = 'pre_closed')::int AS "preClosed",
              (SELECT count(*) FROM email_outbox WHERE event_key LIKE 'ticket:%:pre_closed:%')::int AS emails,
              (SELECT max(n) FROM (SELECT count(*) AS n FROM email_outbox GROUP BY split_part(event_key, ':', 2)) x)::int AS "perTicket"`,
    );
    expect(counts).toEqual({ preClosed: ticketCount, emails: ticketCount, perTicket: 1 });
    // Each ticket moved once: one version bump, one change-log entry.
    const moved = await a.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE status = 'pre_closed' AND version <> 2`);
    expect(moved[0]!.n).toBe(0);
  }, 300_000);

  it('closes and charges every ticket once when both run at the close time', async () => {
    a.clock.advance(3 * DAY);
    const [ra, rb] = await Promise.all([a.scheduler.runDue(), b.scheduler.runDue()]);
    expect(ra.closed + rb.closed).toBe(ticketCount);
    const [counts] = await a.ctx.db.query<{ closed: number; charges: number; wrong: number; closedEmails: number }>(
      `SELECT (SELECT count(*) FROM tickets WHERE status = 'closed')::int AS closed,
              (SELECT count(*) FROM ledger_entries WHERE kind = 'ticket_charge')::int AS charges,
              (SELECT count(*) FROM tickets t WHERE t.cost > 0 AND (SELECT coalesce(array_agg(points), '{}') FROM ledger_entries l WHERE l.ticket_id = t.id) <> ARRAY[-t.cost])::int AS wrong,
              (SELECT count(*) FROM email_outbox WHERE event_key LIKE 'ticket:%:closed:%')::int AS "closedEmails"`,
    );
    const paid = (await a.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets WHERE cost > 0'))[0]!.n;
    expect(counts).toEqual({ closed: ticketCount, charges: paid, wrong: 0, closedEmails: ticketCount });
  }, 300_000);

  it('sends every email once between the two senders', async () => {
    const [ra, rb] = await Promise.all([a.emailSender.runDue(), b.emailSender.runDue()]);
    expect(ra.sent + rb.sent).toBe(2 * ticketCount);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    const ids = [...mailA.sent, ...mailB.sent].map((m) => m.messageId);
    expect(ids).toHaveLength(2 * ticketCount);
    expect(new Set(ids).size).toBe(ids.length);
    const [left] = await a.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_outbox WHERE state <> 'sent' OR attempts <> 1`);
    expect(left!.n).toBe(0);
  }, 300_000);
});

describe('a second server as a real child process on one PostgreSQL', () => {
  let a: TestServer;
  let child: Awaited<ReturnType<typeof spawnServerProcess>> | undefined;
  const peer = new SmtpPeer();
  const mailA = new CapturedMail();
  const half = Math.max(1, Math.floor(ticketCount / 4));

  beforeAll(async () => {
    await peer.start();
    a = await startTestServer('postgres', { mailTransport: mailA });
    // The child runs on the system clock: these are due by real time. Half wait for pre-close,
    // half (pre-closed long ago, cost 2) for their close and charge.
    const long = Date.now() - 10 * DAY;
    await a.ctx.db.query(
      `INSERT INTO tickets (account_id, author_user_id, type, subject, priority, status, cost, score, answered_at, pre_closed_at, created_at, updated_at)
       SELECT u.account_id, u.id, 'tech', 'Child ticket ' || g, 'normal', CASE WHEN g % 2 = 0 THEN 'answered' ELSE 'pre_closed' END, 2, 2,
              $1::bigint, CASE WHEN g % 2 = 0 THEN NULL ELSE $1::bigint END, $1::bigint - 3600000, $1::bigint
         FROM generate_series(1, $2::int) g, users u WHERE u.email = 'customer@example.com'`,
      [long, 2 * half],
    );
    child = await spawnServerProcess({
      DATABASE_URL: a.databaseUrl!, LIFECYCLE_INTERVAL_MS: '50', EMAIL_INTERVAL_MS: '50', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(peer.port),
    });
  }, 300_000);
  afterAll(async () => {
    if (child) await stopServerProcess(child.child);
    await a?.close();
    await peer.stop();
  });

  it('shares the due tickets with this process: each moved once, charged once, one email each', async () => {
    // This process works through the same tickets at the same time as the child's own timer.
    const mine = { preClosed: 0, closed: 0, sent: 0 };
    const workLeft = async () => {
      const r = await a.scheduler.runDue(Date.now());
      mine.preClosed += r.preClosed;
      mine.closed += r.closed;
      mine.sent += (await a.emailSender.runDue(Date.now())).sent;
      const [left] = await a.ctx.db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM tickets WHERE subject LIKE 'Child ticket %' AND status NOT IN ('pre_closed', 'closed') OR status = 'pre_closed' AND pre_closed_at < $1)::int
              + (SELECT count(*) FROM email_outbox WHERE state <> 'sent')::int AS n`,
        [Date.now() - DAY],
      );
      return left!.n;
    };
    await vi.waitFor(async () => {
      const left = await workLeft();
      if (left > 0) throw new Error(`${left} tickets or emails left; child says: ${child!.output()}`);
    }, { timeout: 240_000, interval: 20 });
    const [counts] = await a.ctx.db.query<{ preClosed: number; closed: number; charges: number; wrongVersion: number; emails: number; keys: number }>(
      `SELECT (SELECT count(*) FROM tickets WHERE status = 'pre_closed')::int AS "preClosed",
              (SELECT count(*) FROM tickets WHERE status = 'closed')::int AS closed,
              (SELECT count(*) FROM ledger_entries WHERE kind = 'ticket_charge' AND points = -2)::int AS charges,
              (SELECT count(*) FROM tickets WHERE version <> 2)::int AS "wrongVersion",
              (SELECT count(*) FROM email_outbox)::int AS emails,
              (SELECT count(DISTINCT split_part(event_key, ':', 2)) FROM email_outbox)::int AS keys`,
    );
    expect(counts).toEqual({ preClosed: half, closed: half, charges: half, wrongVersion: 0, emails: 2 * half, keys: 2 * half });
    const delivered = [...mailA.sent.map((m) => m.messageId), ...peer.received.map((m) => /^Message-ID: (.*)$/im.exec(m.raw)?.[1]?.trim())];
    expect(delivered).toHaveLength(2 * half);
    expect(new Set(delivered).size).toBe(2 * half);
    // Both did part of the work (the child through its timer, this process through runDue).
    expect(mine.preClosed + mine.closed).toBeGreaterThan(0);
    expect(mine.preClosed + mine.closed).toBeLessThan(2 * half);
  }, 300_000);
});
