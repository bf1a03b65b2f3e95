/**
 * Helpers for the life-cycle and email tests: tickets driven through the real API (customer
 * REST, staff push), emails captured in memory, and a real SMTP peer on an ephemeral port.
 */
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { MailMessage, MailTransport } from '../../src/server/email/transport';
import { closeSmtp, listenSmtp } from '../../src/server/email/inbound/smtpReceiver';
import type { TestServer } from './testServer';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Collects emails instead of sending them; `down` makes every send fail like an unreachable peer. */
export class CapturedMail implements MailTransport {
  readonly description = 'captured in memory';
  sent: MailMessage[] = [];
  down = false;
  async send(m: MailMessage): Promise<void> {
    if (this.down) throw new Error('connect ECONNREFUSED (test transport is down)');
    this.sent.push(m);
  }
  close(): void {}
}

/** Pushes staff mutations as one console per signed-in person, with ids that go up by one. */
export class StaffConsole {
  private readonly clientId = `lc-${randomBytes(6).toString('hex')}`;
  private seq = 0;
  constructor(
    private readonly s: TestServer,
    readonly token: string,
  ) {}

  async push(name: string, args: Record<string, unknown>): Promise<{ status: 'applied' | 'rejected'; error: { code: string; message: string } | null }> {
    this.seq += 1;
    const res = await this.s.api('POST', '/api/sync/push', { token: this.token, body: { clientId: this.clientId, mutations: [{ id: this.seq, name, args }] } });
    if (res.status !== 200) throw new Error(`push ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.results[0];
  }

  /** Like push, but the mutation must apply. */
  async do(name: string, args: Record<string, unknown>): Promise<void> {
    const r = await this.push(name, args);
    if (r.status !== 'applied') throw new Error(`${name} ${JSON.stringify(args)} was rejected: ${JSON.stringify(r.error)}`);
  }
}

export interface TicketRef {
  id: number;
  number: number;
}

export async function createTicket(s: TestServer, token: string, o: { subject?: string; body?: string; priority?: string; hotRush?: boolean } = {}): Promise<TicketRef> {
  const r = await s.api('POST', '/api/customer/tickets', {
    token,
    body: { type: 'tech', subject: o.subject ?? 'Checkout is blank', body: o.body ?? 'After the upgrade the checkout page is empty.', priority: o.priority ?? 'normal', hotRush: o.hotRush ?? false },
  });
  if (r.status !== 201) throw new Error(`create ticket: ${r.status} ${JSON.stringify(r.body)}`);
  const [row] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [r.body.number]);
  return { id: row!.id, number: r.body.number };
}

export async function techDepartment(s: TestServer): Promise<number> {
  const [d] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);
  return d!.id;
}

/** A ticket classified with `cost` and answered by staff: the customer's clock is off, the pre-close clock runs. */
export async function answeredTicket(s: TestServer, customer: string, staff: StaffConsole, o: { cost: number; hotRush?: boolean; subject?: string }): Promise<TicketRef> {
  const t = await createTicket(s, customer, { hotRush: o.hotRush, subject: o.subject });
  await staff.do('ticket.classify', { ticketId: t.id, type: 'tech', departmentId: await techDepartment(s), cost: o.cost });
  await staff.do('ticket.reply', { ticketId: t.id, body: 'Please clear the template cache.' });
  return t;
}

export async function ticketRow(s: TestServer, id: number) {
  const [row] = await s.ctx.db.query<{
    status: string; chargedPoints: number | null; closedAt: number | null; breachedAt: number | null; version: number; dueAt: number | null;
    preCloseDueAt: number | null; closeDueAt: number | null; mergedIntoId: number | null; cost: number; hotRush: boolean;
  }>(
    `SELECT status, charged_points AS "chargedPoints", closed_at AS "closedAt", breached_at AS "breachedAt", version, due_at AS "dueAt",
            pre_close_due_at AS "preCloseDueAt", close_due_at AS "closeDueAt", merged_into_id AS "mergedIntoId", cost, hot_rush AS "hotRush"
       FROM tickets WHERE id = $1`,
    [id],
  );
  return row!;
}

export async function charges(s: TestServer, ticketId: number): Promise<number[]> {
  const rows = await s.ctx.db.query<{ points: number }>(`SELECT points FROM ledger_entries WHERE ticket_id = $1 AND kind = 'ticket_charge'`, [ticketId]);
  return rows.map((r) => r.points);
}

export async function outboxFor(s: TestServer, prefix: string) {
  return s.ctx.db.query<{ eventKey: string; to: string; subject: string; text: string; html: string; state: string; attempts: number; lastError: string | null }>(
    `SELECT event_key AS "eventKey", to_address AS "to", subject, text_body AS text, html_body AS html, state, attempts, last_error AS "lastError"
       FROM email_outbox WHERE event_key LIKE $1 ORDER BY id`,
    [`${prefix}%`],
  );
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP peer (the smtp-server package). `refusing` answers every connection with 421. */
export class SmtpPeer {
  received: ReceivedMail[] = [];
  refusing = false;
  private server: SMTPServer | null = null;

  constructor(public port = 0) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // The server's transport keeps pooled connections open: a stop closes them at once
      // (as a peer going down does) rather than waiting smtp-server's 30 s for them.
      closeTimeout: 100,
      disableReverseLookup: true,
      onConnect: (_session, cb) => {
        if (!this.refusing) return cb();
        const err = Object.assign(new Error('Service not available, try again later'), { responseCode: 421 });
        cb(err);
      },
      // A connection opened before (the sender's pool keeps some) is refused from its next mail on.
      onMailFrom: (_address, _session, cb) => {
        if (!this.refusing) return cb();
        cb(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    this.port = await listenSmtp(server, this.port, '127.0.0.1');
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await closeSmtp(server);
  }
}

export { spawnServerProcess, stopServerProcess } from './serverProcess';
