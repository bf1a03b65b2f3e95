/**
 * Bug (issue 21): a split message lost its attachment. Merge a ticket whose message has a file
 * into another, split that message out again: the file must go with its message to the new
 * ticket, and the change log must carry it there (and away from the department that lost it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upload } from '../support/fileArea';
import { createTicket, StaffConsole } from '../support/lifecycle';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('split keeps a message\'s attachments on %s', (backend) => {
  let s: TestServer;
  let customer: string;
  let dispatcher: StaffConsole;

  beforeAll(async () => {
    s = await startTestServer(backend);
    customer = await s.login('customer@example.com');
    dispatcher = new StaffConsole(s, await s.login('dispatcher@example.com'));
  });
  afterAll(() => s.close());

  it('moves the file with its message to the new ticket, and tells the consoles', async () => {
    const [tech] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);
    const from = await createTicket(s, customer, { subject: 'Checkout error, screenshot attached' });
    const into = await createTicket(s, customer, { subject: 'Other question' });
    const [m] = await s.ctx.db.query<{ id: number }>('SELECT id FROM ticket_messages WHERE ticket_id = $1', [from.id]);
    const file = await upload(s, customer, `/api/customer/tickets/${from.number}/attachments?name=error.png&messageId=${m!.id}`, Buffer.from('png bytes'));
    expect(file.status).toBe(201);
    // A file of the ticket itself (no message) stays where it is.
    const loose = await upload(s, customer, `/api/customer/tickets/${into.number}/attachments?name=loose.txt`, Buffer.from('loose'));
    expect(loose.status).toBe(201);
    await dispatcher.do('ticket.forward', { ticketId: into.id, departmentId: tech!.id });
    await dispatcher.do('ticket.merge', { ticketId: from.id, intoTicketId: into.id });
    const [{ before }] = (await s.ctx.db.query<{ before: number }>('SELECT seq AS before FROM sync_counter')) as [{ before: number }];

    await dispatcher.do('ticket.split', { ticketId: into.id, messageId: m!.id, subject: 'Checkout error' });
    const [split] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE split_from_id = $1', [into.id]);
    const rows = await s.ctx.db.query<{ id: number; ticketId: number; messageId: number | null }>(
      'SELECT id, ticket_id AS "ticketId", message_id AS "messageId" FROM attachments WHERE id = ANY($1::bigint[]) ORDER BY id', [[file.body.id, loose.body.id]],
    );
    expect(rows).toEqual([
      { id: file.body.id, ticketId: split!.id, messageId: m!.id },
      { id: loose.body.id, ticketId: into.id, messageId: null },
    ]);
    // Dispatchers receive the file on its new ticket; Tech support (which keeps the old ticket) is told to drop it.
    const heard = await s.ctx.db.query<{ op: string; scopes: string[] }>(
      `SELECT op, scopes FROM changes WHERE seq > $1 AND entity = 'attachment' AND entity_id = $2 ORDER BY seq`, [before, file.body.id],
    );
    expect(heard.find((c) => c.op === 'upsert')?.scopes).toContain('tickets');
    expect(heard.filter((c) => c.scopes.includes(`dept:${tech!.id}`)).at(-1)?.op).toBe('delete');
    // The customer's view of the new ticket lists it.
    const [{ number }] = (await s.ctx.db.query<{ number: number }>('SELECT number FROM tickets WHERE id = $1', [split!.id])) as [{ number: number }];
    const listed = await s.api('GET', `/api/customer/tickets/${number}/attachments`, { token: customer });
    expect(listed.body.attachments.map((a: { id: number }) => a.id)).toEqual([file.body.id]);
  });
});
