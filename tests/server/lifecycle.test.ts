/**
 * The timed rules of DOMAIN.md's life cycle, one example each, with the test clock: 48h to
 * pre-close, 3 days to close with the charge, the 14-day reopen window, and the follow-up
 * ticket after it. The scheduler runs only when the test calls runDue.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, CapturedMail, charges, DAY, HOUR, outboxFor, StaffConsole, ticketRow } from '../support/lifecycle';

describe.each(backends)('ticket life cycle on %s', (backend) => {
  let s: TestServer;
  let customer: string;
  let staff: StaffConsole;
  const mail = new CapturedMail();

  beforeAll(async () => {
    s = await startTestServer(backend, { mailTransport: mail, config: { publicUrl: 'https://account.example.com' } });
  });
  afterAll(() => s.close());
  // Each test moves the clock by weeks: fresh sessions, so none has expired.
  beforeEach(async () => {
    customer = await s.login('customer@example.com', true);
    staff = new StaffConsole(s, await s.login('admin@example.com', true));
  });

  it('pre-closes an answered ticket after 48 hours of silence and tells the customer the cost', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 3, subject: 'Pre-close me' });
    s.clock.advance(48 * HOUR - 1);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).status).toBe('answered');

    s.clock.advance(1);
    expect((await s.scheduler.runDue()).preClosed).toBe(1);
    const row = await ticketRow(s, t.id);
    expect(row.status).toBe('pre_closed');
    expect(row.closeDueAt).toBe(s.clock.now() + 3 * DAY);
    const [email] = await outboxFor(s, `ticket:${t.id}:pre_closed:`);
    expect(email).toMatchObject({ to: 'customer@example.com', state: 'pending' });
    expect(email!.subject).toBe(`[#${t.number}] Pre-closed: Pre-close me`);
    expect(email!.text).toContain('3 support points');
    expect(email!.text).toContain(`https://account.example.com/tickets/${t.number}`);
    // Nothing more to do at this time: a second run moves nothing.
    expect(await s.scheduler.runDue()).toEqual({ preClosed: 0, closed: 0, breached: 0 });
  });

  it('closes a pre-closed ticket after 3 days without feedback and charges it exactly once', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 4, hotRush: true });
    s.clock.advance(48 * HOUR);
    await s.scheduler.runDue();
    s.clock.advance(3 * DAY - 1);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).status).toBe('pre_closed');
    s.clock.advance(1);
    await s.scheduler.runDue();
    const row = await ticketRow(s, t.id);
    expect(row.status).toBe('closed');
    // cost plus the HotRush surcharge (default 5)
    expect(row.chargedPoints).toBe(9);
    expect(await charges(s, t.id)).toEqual([-9]);
    const [closedEmail] = await outboxFor(s, `ticket:${t.id}:closed:`);
    expect(closedEmail!.text).toContain('9 support points have been deducted');
    // The console hears about the charge: the ledger entry and the account are in the change log.
    const logged = await s.ctx.db.query<{ entity: string }>(`SELECT entity FROM changes WHERE at = $1 AND entity IN ('ledger_entry', 'account')`, [s.clock.now()]);
    expect(logged.map((c) => c.entity).sort()).toEqual(['account', 'ledger_entry']);

    s.clock.advance(30 * DAY);
    await s.scheduler.runDue();
    expect(await charges(s, t.id)).toEqual([-9]);
  });

  it('keeps an answered ticket open when the customer writes back, and pre-closes it only after the next reply', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 1 });
    s.clock.advance(47 * HOUR);
    const msg = await s.api('POST', `/api/customer/tickets/${t.number}/messages`, { token: customer, body: { body: 'Did not help.' } });
    expect(msg.status).toBe(200);
    // Nobody claimed it: it goes back to the open queue.
    expect(msg.body.status).toBe('open');
    s.clock.advance(10 * DAY);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).status).toBe('open');
    await staff.do('ticket.reply', { ticketId: t.id, body: 'Try this instead.' });
    s.clock.advance(48 * HOUR);
    await s.scheduler.runDue();
    expect((await ticketRow(s, t.id)).status).toBe('pre_closed');
  });

  it('lets a closed ticket be reopened within 14 days, charges nothing more on the next close, and refuses after the window', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 2 });
    const closed = await s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer });
    expect(closed.body.chargedPoints).toBe(2);
    s.clock.advance(14 * DAY);
    const reopened = await s.api('POST', `/api/customer/tickets/${t.number}/reopen`, { token: customer });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');
    await staff.do('ticket.reply', { ticketId: t.id, body: 'Fixed for good.', close: true });
    expect(await charges(s, t.id)).toEqual([-2]);
    const [again] = await outboxFor(s, `ticket:${t.id}:closed:`).then((rows) => rows.slice(1));
    expect(again!.text).toContain('No support points were charged');

    s.clock.advance(14 * DAY + 1);
    const late = await s.api('POST', `/api/customer/tickets/${t.number}/reopen`, { token: customer });
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('reopen_window_passed');
  });

  it('refuses a message on a recently closed ticket, telling to reopen; after the window the message starts a follow-up ticket', async () => {
    const t = await answeredTicket(s, customer, staff, { cost: 0, subject: 'Old <b>problem</b>' });
    await s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer });

    s.clock.advance(14 * DAY);
    const within = await s.api('POST', `/api/customer/tickets/${t.number}/messages`, { token: customer, body: { body: 'It is back.' } });
    expect(within.status).toBe(409);
    expect(within.body.error).toBe('ticket_closed');
    expect(within.body.message).toMatch(/reopen/);

    s.clock.advance(1);
    const after = await s.api('POST', `/api/customer/tickets/${t.number}/messages`, { token: customer, body: { body: 'It is back, again.' } });
    expect(after.status).toBe(201);
    expect(after.body.number).not.toBe(t.number);
    expect(after.body).toMatchObject({ status: 'new', type: 'tech', followUpOfNumber: t.number, subject: `Follow-up to #${t.number}: Old <b>problem</b>` });
    expect(after.body.messages.map((m: { body: string }) => m.body)).toEqual(['It is back, again.']);
    expect(after.body.notice).toContain(`new ticket #${after.body.number}`);
    expect(after.body.notice).toContain(`follow-up to #${t.number}`);
    const old = await s.api('GET', `/api/customer/tickets/${t.number}`, { token: customer });
    expect(old.body.status).toBe('closed');
    expect(old.body.messages.map((m: { body: string }) => m.body)).not.toContain('It is back, again.');

    const [newRow] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [after.body.number]);
    const [email] = await outboxFor(s, `ticket:${newRow!.id}:follow_up_created`);
    expect(email!.text).toContain(`new ticket #${after.body.number}`);
    expect(email!.html).toContain('Old &lt;b&gt;problem&lt;/b&gt;');
    expect(email!.html).not.toContain('<b>problem');
  });

  it('sends each queued notification once, with the staff reply quoted and HTML-escaped', async () => {
    mail.sent = [];
    const t = await answeredTicket(s, customer, staff, { cost: 0 });
    await staff.do('ticket.reply', { ticketId: t.id, body: 'Run <script>alert(1)</script> & "reload"' });
    await s.emailSender.runDue();
    await s.emailSender.runDue();
    const mine = mail.sent.filter((m) => m.subject.startsWith(`[#${t.number}]`));
    expect(mine).toHaveLength(2);
    const reply = mine[1]!;
    expect(reply.to).toBe('customer@example.com');
    expect(reply.text).toContain('> Run <script>alert(1)</script> & "reload"');
    expect(reply.html).toContain('Run &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;reload&quot;');
    expect(reply.html).not.toContain('<script>');
    expect(reply.html).toContain(`href="https://account.example.com/tickets/${t.number}"`);
    const keys = mail.sent.map((m) => m.messageId);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
