/**
 * Properties of the running life cycle, against the real server on PGlite: random sequences
 * of customer messages, staff replies (through push), clock advances with scheduler runs,
 * closes, reopens, merges and email outages. After every step:
 *  - each ticket's status is one of DOMAIN.md's, reached by a move DOMAIN.md allows;
 *  - nothing the scheduler should have moved at this time is left unmoved;
 *  - each ticket is charged at most once, and exactly once (cost plus HotRush surcharge) if
 *    it was ever closed with a cost other than by being merged away;
 * and at the end, with the mail peer back, every email went out and no event was sent twice.
 *
 * Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>) npx vitest run tests/server/lifecycleProperties.test.ts
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLifecycleSettings, TicketStatus } from '../../src/shared/domain/model';
import { startTestServer, type TestServer } from '../support/testServer';
import { CapturedMail, createTicket, DAY, HOUR, StaffConsole, techDepartment, ticketRow } from '../support/lifecycle';

type Status = TicketStatus;

/** DOMAIN.md's life cycle as moves between statuses (staff may answer a ticket in any working status). */
const allowedMoves: Record<Status, readonly Status[]> = {
  new: ['open', 'in_progress', 'answered', 'closed'],
  open: ['in_progress', 'answered', 'closed'],
  in_progress: ['open', 'answered', 'closed'],
  answered: ['pre_closed', 'open', 'in_progress', 'answered', 'closed'],
  pre_closed: ['closed', 'open', 'in_progress', 'answered'],
  closed: ['open', 'in_progress'],
};

type Step =
  | { op: 'customerMessage'; t: number }
  | { op: 'staffReply'; t: number; close: boolean }
  | { op: 'advance'; ms: number }
  | { op: 'customerClose'; t: number }
  | { op: 'staffClose'; t: number }
  | { op: 'reopen'; t: number; by: 'customer' | 'staff' }
  | { op: 'merge'; t: number; into: number }
  | { op: 'claim'; t: number }
  | { op: 'sendEmails'; peerDown: boolean };

const ticketIndex = fc.nat({ max: 9 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('customerMessage' as const), t: ticketIndex }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('staffReply' as const), t: ticketIndex, close: fc.boolean() }), weight: 4 },
  {
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      ms: fc.oneof(fc.constantFrom(HOUR, 48 * HOUR, 72 * HOUR, 14 * DAY, 14 * DAY + 1), fc.integer({ min: 1, max: 20 * DAY })),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('customerClose' as const), t: ticketIndex }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('staffClose' as const), t: ticketIndex }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('reopen' as const), t: ticketIndex, by: fc.constantFrom('customer' as const, 'staff' as const) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('merge' as const), t: ticketIndex, into: ticketIndex }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('claim' as const), t: ticketIndex }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('sendEmails' as const), peerDown: fc.boolean() }), weight: 1 },
);

const scenario = fc.record({
  tickets: fc.array(fc.record({ cost: fc.nat({ max: 5 }), hotRush: fc.boolean(), classified: fc.boolean() }), { minLength: 2, maxLength: 4 }),
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
});

interface Tracked {
  id: number;
  number: number;
  status: Status;
  /** The charge its first close must book (null until it was first closed). */
  firstCloseCharge: number | null;
}

describe('life cycle properties on pglite', () => {
  let s: TestServer;
  const mail = new CapturedMail();

  beforeAll(async () => {
    s = await startTestServer('pglite', { mailTransport: mail });
  });
  afterAll(() => s.close());

  it('keeps statuses, charges and emails right over random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ tickets, steps }) => {
        let customer = await s.login('customer@example.com', true);
        let staff = new StaffConsole(s, await s.login('admin@example.com', true));
        let sinceLogin = 0;
        const dept = await techDepartment(s);
        const tracked: Tracked[] = [];
        for (const spec of tickets) {
          const t = await createTicket(s, customer, { hotRush: spec.hotRush });
          if (spec.classified) await staff.do('ticket.classify', { ticketId: t.id, type: 'tech', departmentId: dept, cost: spec.cost });
          tracked.push({ ...t, status: (await ticketRow(s, t.id)).status as Status, firstCloseCharge: null });
        }
        const pick = (i: number) => tracked[i % tracked.length]!;

        for (const st of steps) {
          switch (st.op) {
            case 'customerMessage': {
              const res = await s.api('POST', `/api/customer/tickets/${pick(st.t).number}/messages`, { token: customer, body: { body: 'More details.' } });
              expect([200, 201, 409], JSON.stringify(res.body)).toContain(res.status);
              if (res.status === 201) {
                const [row] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [res.body.number]);
                tracked.push({ id: row!.id, number: res.body.number, status: 'new', firstCloseCharge: null });
              }
              break;
            }
            case 'staffReply':
              await staff.push('ticket.reply', { ticketId: pick(st.t).id, body: 'Try this.', close: st.close });
              break;
            case 'advance':
              s.clock.advance(st.ms);
              sinceLogin += st.ms;
              if (sinceLogin > 20 * DAY) {
                customer = await s.login('customer@example.com', true);
                staff = new StaffConsole(s, await s.login('admin@example.com', true));
                sinceLogin = 0;
              }
              await s.scheduler.runDue();
              break;
            case 'customerClose':
              expect([200, 409]).toContain((await s.api('POST', `/api/customer/tickets/${pick(st.t).number}/close`, { token: customer })).status);
              break;
            case 'staffClose':
              await staff.push('ticket.close', { ticketId: pick(st.t).id });
              break;
            case 'reopen':
              if (st.by === 'customer') expect([200, 409]).toContain((await s.api('POST', `/api/customer/tickets/${pick(st.t).number}/reopen`, { token: customer })).status);
              else await staff.push('ticket.reopen', { ticketId: pick(st.t).id });
              break;
            case 'merge':
              await staff.push('ticket.merge', { ticketId: pick(st.t).id, intoTicketId: pick(st.into).id });
              break;
            case 'claim':
              await staff.push('ticket.claim', { ticketId: pick(st.t).id });
              break;
            case 'sendEmails':
              mail.down = st.peerDown;
              await s.emailSender.runDue();
              mail.down = false;
              break;
          }
          await checkInvariants(s, tracked, `after ${JSON.stringify(st)}`);
        }

        // The mail peer is back: after the longest backoff everything is out, each event once.
        mail.down = false;
        s.clock.advance(2 * HOUR);
        await s.emailSender.runDue();
        const [unsent] = await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_outbox WHERE state <> 'sent'`);
        expect(unsent!.n).toBe(0);
        const ids = mail.sent.map((m) => m.messageId);
        expect(new Set(ids).size).toBe(ids.length);
        const [sentRows] = await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_outbox`);
        expect(ids.length).toBe(sentRows!.n);
      }),
      { seed: Number(process.env.FC_SEED) || undefined, path: process.env.FC_PATH, numRuns: Number(process.env.FC_RUNS ?? 15), endOnFailure: true },
    );
  }, 600_000);
});

async function checkInvariants(s: TestServer, tracked: Tracked[], when: string): Promise<void> {
  const now = s.clock.now();
  for (const t of tracked) {
    const row = await ticketRow(s, t.id);
    const status = row.status as Status;
    expect(TicketStatus.options, `#${t.number} ${when}`).toContain(status);
    if (status !== t.status) expect(allowedMoves[t.status], `#${t.number} ${t.status} → ${status} ${when}`).toContain(status);
    t.status = status;
    // The scheduler leaves nothing overdue behind a run (it runs right after each advance).
    if (when.includes('"advance"')) {
      if (status === 'answered') expect(row.preCloseDueAt! > now, `#${t.number} should be pre-closed ${when}`).toBe(true);
      if (status === 'pre_closed') expect(row.closeDueAt! > now, `#${t.number} should be closed ${when}`).toBe(true);
      if (row.dueAt !== null && row.dueAt <= now) expect(row.breachedAt, `#${t.number} breach not flagged ${when}`).not.toBeNull();
    }
    if (status === 'closed' && t.firstCloseCharge === null) {
      // First seen closed: merged away is free, any other close books cost + HotRush surcharge.
      t.firstCloseCharge = row.mergedIntoId !== null ? 0 : row.cost + (row.hotRush ? defaultLifecycleSettings.hotRushSurcharge : 0);
    }
    const booked = (await s.ctx.db.query<{ points: number }>(`SELECT points FROM ledger_entries WHERE ticket_id = $1 AND kind = 'ticket_charge'`, [t.id])).map((r) => r.points);
    expect(booked.length, `#${t.number} charged more than once ${when}`).toBeLessThanOrEqual(1);
    if (t.firstCloseCharge !== null) {
      expect(booked, `#${t.number} charge ${when}`).toEqual(t.firstCloseCharge > 0 ? [-t.firstCloseCharge] : []);
      expect(row.chargedPoints, `#${t.number} charged points ${when}`).toBe(t.firstCloseCharge);
    } else {
      expect(booked, `#${t.number} charged before any close ${when}`).toEqual([]);
    }
  }
}
