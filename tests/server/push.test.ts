/** Push (SYNC.md): per-client mutation ids, replays, duplicates, gaps and foreign clientIds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('push on %s', (backend) => {
  let s: TestServer;
  let dispatcher: string;
  let ticketId: number;
  const replies = async () => (await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_messages WHERE ticket_id = $1 AND kind = 'staff'`, [ticketId]))[0]!.n;
  const reply = (id: number, body = `reply ${id}`) => ({ id, name: 'ticket.reply', args: { ticketId, body } });

  beforeAll(async () => {
    s = await startTestServer(backend);
    dispatcher = await s.login('dispatcher@example.com');
    const customer = await s.login('customer@example.com');
    const r = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: 'push target', body: 'hi' } });
    ticketId = (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [r.body.number]))[0]!.id;
  });
  afterAll(() => s.close());

  it('applies a batch once; the same batch replayed (a lost response) changes nothing', async () => {
    const batch = { clientId: 'client-replay', mutations: [reply(1), reply(2)] };
    const first = await s.api('POST', '/api/sync/push', { token: dispatcher, body: batch });
    expect(first.body).toEqual({ results: [{ id: 1, status: 'applied', error: null }, { id: 2, status: 'applied', error: null }], lastMutationId: 2 });
    const before = await replies();
    const again = await s.api('POST', '/api/sync/push', { token: dispatcher, body: batch });
    expect(again.body).toEqual(first.body);
    expect(await replies()).toBe(before);
  });

  it('skips a duplicated mutation inside one batch', async () => {
    const before = await replies();
    const res = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-dup', mutations: [reply(1), reply(1), reply(2)] } });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(res.body.lastMutationId).toBe(2);
    expect(await replies()).toBe(before + 2);
  });

  it('refuses a gap with 409 and the id it expects, applying nothing past it', async () => {
    const before = await replies();
    const res = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-gap', mutations: [reply(1), reply(3)] } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'mutation_gap', lastMutationId: 1 });
    expect(await replies()).toBe(before + 1);
    const resumed = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-gap', mutations: [reply(2), reply(3)] } });
    expect(resumed.body.lastMutationId).toBe(3);
  });

  it('refuses another user\'s clientId', async () => {
    await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-owned', mutations: [reply(1)] } });
    const engineer = await s.login('admin@example.com');
    const res = await s.api('POST', '/api/sync/push', { token: engineer, body: { clientId: 'client-owned', mutations: [reply(2)] } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'client_of_another_user', field: 'body.clientId' });
  });

  it('records a rejection once: the replay answers the same reason, and the next id goes on', async () => {
    const bad = { id: 1, name: 'ticket.merge', args: { ticketId, intoTicketId: ticketId } };
    const first = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-reject', mutations: [bad] } });
    expect(first.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'merge_into_itself', field: 'args.intoTicketId' } });
    const replay = await s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-reject', mutations: [bad, reply(2)] } });
    expect(replay.body.results).toEqual([first.body.results[0], { id: 2, status: 'applied', error: null }]);
  });

  it('rejects invalid arguments naming the field, and rolls back everything the mutation did', async () => {
    const before = await replies();
    const res = await s.api('POST', '/api/sync/push', {
      token: dispatcher,
      body: { clientId: 'client-invalid', mutations: [{ id: 1, name: 'ticket.reply', args: { ticketId, body: '' } }, { id: 2, name: 'ticket.reply', args: { ticketId, body: 'ok', close: true, extra: 1 } }] },
    });
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field: 'args.body' } });
    expect(res.body.results[1].error.message).toMatch(/unknown field.*extra/);
    expect(await replies()).toBe(before);
  });
});
