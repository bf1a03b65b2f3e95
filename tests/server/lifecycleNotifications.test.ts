/**
 * Turnaround breaches and HotRush reach the consoles live: the ticket's change in the log for
 * the cache, and an SSE `notification` for the people who may see the ticket.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { openEvents } from '../support/sseClient';
import { createTicket, HOUR, StaffConsole, techDepartment, ticketRow } from '../support/lifecycle';

describe.each(backends)('breach and HotRush notifications on %s', (backend) => {
  let s: TestServer;
  let customer: string;
  let admin: string;
  let staff: StaffConsole;

  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());
  beforeEach(async () => {
    customer = await s.login('customer@example.com', true);
    admin = await s.login('admin@example.com', true);
    staff = new StaffConsole(s, admin);
  });

  it('flags a ticket once when its turnaround clock passes the target, and tells the consoles that may see it', async () => {
    const t = await createTicket(s, customer, { priority: 'major', subject: 'Site down' });
    await staff.do('ticket.classify', { ticketId: t.id, type: 'tech', departmentId: await techDepartment(s), cost: 1 });
    const before = await ticketRow(s, t.id);
    expect(before.dueAt).toBe(s.clock.now() + 4 * HOUR);
    const adminEvents = await openEvents(`${s.url}/api/sync/events`, admin);
    const billingEvents = await openEvents(`${s.url}/api/sync/events`, await s.login('billing@example.com', true));

    s.clock.advance(4 * HOUR - 1);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).breachedAt).toBeNull();
    s.clock.advance(1);
    await s.scheduler.runDue();
    const after = await ticketRow(s, t.id);
    expect(after.breachedAt).toBe(s.clock.now());
    expect(after.version).toBe(before.version + 1);
    const event = await adminEvents.next((e) => e.event === 'notification' && e.data.ticketId === t.id);
    expect(event.data).toEqual({ kind: 'breach', ticketId: t.id, number: t.number, subject: 'Site down' });
    // The change log carries the flagged ticket to the consoles' caches.
    const [change] = await s.ctx.db.query<{ rowVersion: number }>(`SELECT row_version AS "rowVersion" FROM changes WHERE entity = 'ticket' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [t.id]);
    expect(change!.rowVersion).toBe(after.version);
    // Billing (Billing and Sales departments) may not see a Tech support ticket: no call-out for it.
    const [head] = await s.ctx.db.query<{ seq: number }>('SELECT seq FROM sync_counter');
    await billingEvents.next((e) => e.event === 'poke' && e.data.seq === head!.seq);
    await expect(billingEvents.next((e) => e.event === 'notification' && e.data.ticketId === t.id, 300)).rejects.toThrow(/no matching event/);

    s.clock.advance(10 * HOUR);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).version).toBe(after.version);
    adminEvents.close();
    billingEvents.close();
  });

  it('flags a new clock again: a customer message after a staff reply starts one', async () => {
    const t = await createTicket(s, customer, { priority: 'minor' });
    s.clock.advance(25 * HOUR);
    await s.scheduler.runDue();
    const first = (await ticketRow(s, t.id)).breachedAt;
    expect(first).toBe(s.clock.now());
    await staff.do('ticket.reply', { ticketId: t.id, body: 'Looking into it.' });
    expect((await ticketRow(s, t.id)).breachedAt).toBeNull();
    await s.api('POST', `/api/customer/tickets/${t.number}/messages`, { token: customer, body: { body: 'Still broken.' } });
    s.clock.advance(24 * HOUR);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).breachedAt).toBe(s.clock.now());
  });

  it('calls out a ticket created as HotRush and one that becomes HotRush, by the customer or by staff', async () => {
    const events = await openEvents(`${s.url}/api/sync/events`, admin);
    const created = await createTicket(s, customer, { hotRush: true, subject: 'Urgent: payments fail' });
    expect((await events.next((e) => e.event === 'notification' && e.data.ticketId === created.id)).data).toEqual({
      kind: 'hotrush', ticketId: created.id, number: created.number, subject: 'Urgent: payments fail',
    });
    expect((await ticketRow(s, created.id)).dueAt).toBe(s.clock.now() + HOUR);

    const byCustomer = await createTicket(s, customer, { subject: 'Getting worse' });
    const patched = await s.api('PATCH', `/api/customer/tickets/${byCustomer.number}`, { token: customer, body: { hotRush: true } });
    expect(patched.status).toBe(200);
    expect((await events.next((e) => e.event === 'notification' && e.data.ticketId === byCustomer.id)).data.kind).toBe('hotrush');

    const byStaff = await createTicket(s, customer, { subject: 'Escalated' });
    await staff.do('ticket.setHotRush', { ticketId: byStaff.id, hotRush: true });
    expect((await events.next((e) => e.event === 'notification' && e.data.ticketId === byStaff.id)).data.kind).toBe('hotrush');
    // Clearing the flag calls out nothing.
    await staff.do('ticket.setHotRush', { ticketId: byStaff.id, hotRush: false });
    await expect(events.next((e) => e.event === 'notification' && e.data.ticketId === byStaff.id, 300)).rejects.toThrow(/no matching event/);
    events.close();
  });
});
