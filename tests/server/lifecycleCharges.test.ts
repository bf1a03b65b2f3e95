/**
 * DOMAIN.md: "The charge happens exactly once per ticket, at its first close", whatever the
 * path; a merged-away ticket is charged nothing. Each path, then two paths racing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, charges, createTicket, DAY, HOUR, StaffConsole, ticketRow, type TicketRef } from '../support/lifecycle';

describe.each(backends)('charging at first close on %s', (backend) => {
  let s: TestServer;
  let customer: string;
  let staff: StaffConsole;

  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());
  beforeEach(async () => {
    customer = await s.login('customer@example.com', true);
    staff = new StaffConsole(s, await s.login('admin@example.com', true));
  });

  const closePaths: Record<string, (t: TicketRef) => Promise<void>> = {
    'the customer closes': async (t) => void (await s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer })),
    'staff close': (t) => staff.do('ticket.close', { ticketId: t.id }),
    'staff reply and close': (t) => staff.do('ticket.reply', { ticketId: t.id, body: 'Done.', close: true }),
    'the scheduler closes': async () => {
      s.clock.advance(48 * HOUR);
      await s.scheduler.runDue();
      s.clock.advance(3 * DAY);
      await s.scheduler.runDue();
    },
  };

  for (const [path, close] of Object.entries(closePaths)) {
    it(`charges once when ${path}, and not again after a reopen and a second close`, async () => {
      const t = await answeredTicket(s, customer, staff, { cost: 6 });
      await close(t);
      expect((await ticketRow(s, t.id)).status).toBe('closed');
      expect(await charges(s, t.id)).toEqual([-6]);
      await staff.do('ticket.reopen', { ticketId: t.id });
      await staff.do('ticket.reply', { ticketId: t.id, body: 'One more fix.' });
      await close(t);
      expect((await ticketRow(s, t.id)).status).toBe('closed');
      expect(await charges(s, t.id)).toEqual([-6]);
      expect((await ticketRow(s, t.id)).chargedPoints).toBe(6);
    });
  }

  it('charges nothing for a ticket never classified (it is free)', async () => {
    const t = await createTicket(s, customer);
    await s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer });
    expect(await charges(s, t.id)).toEqual([]);
    expect((await ticketRow(s, t.id)).chargedPoints).toBe(0);
  });

  it('charges nothing for a ticket merged away, and the target once at its own close', async () => {
    const from = await answeredTicket(s, customer, staff, { cost: 4, hotRush: true });
    const into = await answeredTicket(s, customer, staff, { cost: 2 });
    await staff.do('ticket.merge', { ticketId: from.id, intoTicketId: into.id });
    const merged = await ticketRow(s, from.id);
    expect(merged).toMatchObject({ status: 'closed', mergedIntoId: into.id, chargedPoints: 0 });
    expect(await charges(s, from.id)).toEqual([]);
    await staff.do('ticket.close', { ticketId: into.id });
    expect(await charges(s, into.id)).toEqual([-2]);
    // A merged ticket cannot be reopened to be charged later.
    expect((await staff.push('ticket.reopen', { ticketId: from.id })).error?.code).toBe('ticket_merged');
  });

  it('charges a free ticket nothing, and a follow-up ticket at its own first close', async () => {
    const free = await answeredTicket(s, customer, staff, { cost: 0 });
    await staff.do('ticket.close', { ticketId: free.id });
    expect(await charges(s, free.id)).toEqual([]);
    s.clock.advance(15 * DAY);
    customer = await s.login('customer@example.com', true);
    staff = new StaffConsole(s, await s.login('admin@example.com', true));
    const res = await s.api('POST', `/api/customer/tickets/${free.number}/messages`, { token: customer, body: { body: 'New trouble.' } });
    expect(res.status).toBe(201);
    const [followUp] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [res.body.number]);
    await staff.do('ticket.classify', { ticketId: followUp!.id, type: 'tech', departmentId: (await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`))[0]!.id, cost: 3 });
    await staff.do('ticket.close', { ticketId: followUp!.id });
    expect(await charges(s, followUp!.id)).toEqual([-3]);
    expect(await charges(s, free.id)).toEqual([]);
  });

  it('charges once when the customer and the scheduler close the same ticket at the same moment', async () => {
    const tickets = [] as TicketRef[];
    for (let i = 0; i < 5; i++) tickets.push(await answeredTicket(s, customer, staff, { cost: 5 }));
    s.clock.advance(48 * HOUR);
    await s.scheduler.runDue();
    s.clock.advance(3 * DAY);
    const results = await Promise.all([
      s.scheduler.runDue(),
      ...tickets.map((t) => s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer })),
    ]);
    for (const r of results.slice(1) as Array<{ status: number; body: { error?: string } }>) expect([200, 409]).toContain(r.status);
    for (const t of tickets) {
      expect((await ticketRow(s, t.id)).status).toBe('closed');
      expect(await charges(s, t.id)).toEqual([-5]);
    }
  });
});
