import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('ticket flow on %s', (backend) => {
  let s: TestServer;
  let customer: string, dispatcher: string, engineer: string;
  let clientSeq = 0;
  const pushAs = async (token: string, clientId: string, name: string, args: unknown) => {
    clientSeq += 1;
    return s.api('POST', '/api/sync/push', { token, body: { clientId, mutations: [{ id: clientSeq, name, args }] } });
  };

  beforeAll(async () => {
    s = await startTestServer(backend);
    customer = await s.login('customer@example.com');
    dispatcher = await s.login('dispatcher@example.com');
    engineer = await s.login('engineer@example.com');
  });
  afterAll(() => s.close());

  it('runs a ticket from creation to a charged close', async () => {
    const created = await s.api('POST', '/api/customer/tickets', {
      token: customer,
      body: { type: 'tech', subject: 'Checkout is blank', body: 'After the upgrade the checkout page is empty.', priority: 'major' },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('new');
    const number = created.body.number as number;
    const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [number]);
    const [tech] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);

    clientSeq = 0;
    const classify = await pushAs(dispatcher, 'dispatcher-console-1', 'ticket.classify', { ticketId: t!.id, type: 'tech', departmentId: tech!.id, cost: 3 });
    expect(classify.body.results[0]).toEqual({ id: 1, status: 'applied', error: null });

    clientSeq = 0;
    expect((await pushAs(engineer, 'engineer-console-1', 'ticket.claim', { ticketId: t!.id })).body.results[0]).toMatchObject({ status: 'applied' });
    const reply = await pushAs(engineer, 'engineer-console-1', 'ticket.reply', { ticketId: t!.id, body: 'Please clear the template cache.' });
    expect(reply.body.results[0].status).toBe('applied');

    const seen = await s.api('GET', `/api/customer/tickets/${number}`, { token: customer });
    expect(seen.body.status).toBe('answered');
    expect(seen.body.messages.map((m: { kind: string }) => m.kind)).toEqual(['customer', 'staff']);

    const closed = await s.api('POST', `/api/customer/tickets/${number}/close`, { token: customer });
    expect(closed.status).toBe(200);
    expect(closed.body.chargedPoints).toBe(3);
    const ledger = await s.ctx.db.query<{ points: number }>(`SELECT points FROM ledger_entries WHERE ticket_id = $1`, [t!.id]);
    expect(ledger).toEqual([{ points: -3 }]);

    const again = await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: customer, body: { body: 'one more thing' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('ticket_closed');
  });

  it('starts a customer\'s ticket in the department that takes its type, also once renamed; a complaint waits for a dispatcher', async () => {
    const [sales] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Sales'`);
    const create = async (type: string) =>
      (await s.api('POST', '/api/customer/tickets', { token: customer, body: { type, subject: `A ${type} question`, body: 'Please tell me more.' } })).body.number as number;
    const departmentOf = async (number: number) =>
      (await s.ctx.db.query<{ departmentId: number | null }>('SELECT department_id AS "departmentId" FROM tickets WHERE number = $1', [number]))[0]!.departmentId;
    await s.ctx.db.query(`UPDATE departments SET name = 'Sales and offers' WHERE id = $1`, [sales!.id]);
    try {
      expect(await departmentOf(await create('sales'))).toBe(sales!.id);
      expect(await departmentOf(await create('complaint'))).toBeNull();
    } finally {
      await s.ctx.db.query(`UPDATE departments SET name = 'Sales' WHERE id = $1`, [sales!.id]);
    }
  });
});
