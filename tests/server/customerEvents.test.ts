/**
 * The portal's live events (GET /api/customer/tickets/events): a stream hears about its own account's
 * tickets only (a staff reply, a status change), never another account's, refuses a visitor
 * without a session, and ends once its session is signed out. Also the ticket detail's facts
 * and the access-info list the ticket page shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { portalSignIn } from '../support/browserSession';
import { openEvents, type SseStream } from '../support/sseClient';
import { startTestServer, type TestServer } from '../support/testServer';

describe('customer live events on pglite', () => {
  let s: TestServer;
  let customer: string;
  let admin: string;
  let other: string;
  let own: { id: number; number: number };
  let foreign: { id: number; number: number };
  let mutationId = 0;

  const newTicket = async (token: string, subject: string) => {
    const r = await s.api('POST', '/api/customer/tickets', { token, body: { type: 'tech', subject, body: 'hello' } });
    expect(r.status).toBe(201);
    const [row] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [r.body.number]);
    return { id: row!.id, number: r.body.number as number };
  };
  const staffReply = async (ticketId: number, body: string) => {
    const r = await s.api('POST', '/api/sync/push', { token: admin, body: { clientId: 'events-test-admin', mutations: [{ id: ++mutationId, name: 'ticket.reply', args: { ticketId, body } }] } });
    expect(r.body.results[0]).toMatchObject({ status: 'applied' });
  };
  const ticketsOf = (stream: SseStream) => stream.events.filter((e) => e.event === 'ticket').map((e) => e.data.number as number);

  beforeAll(async () => {
    s = await startTestServer('pglite');
    customer = await s.login('customer@example.com');
    admin = await s.login('admin@example.com');
    // An unrelated account with its own primary user.
    const now = s.clock.now();
    const [acct] = await s.ctx.db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Other Co', 'other@example.org', $1) RETURNING id`, [now]);
    const [u] = await s.ctx.db.query<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'other@example.org', 'Otto Other', 'customer.primary', $2, $3) RETURNING id`,
      [acct!.id, await hashPassword(demoPassword), now],
    );
    await s.ctx.db.query('UPDATE accounts SET primary_user_id = $1 WHERE id = $2', [u!.id, acct!.id]);
    other = await s.login('other@example.org');
    own = await newTicket(customer, 'own ticket');
    foreign = await newTicket(other, 'foreign ticket');
  });
  afterAll(() => s?.close());

  it('refuses a visitor without a session (401) and staff (403)', async () => {
    expect((await fetch(`${s.url}/api/customer/tickets/events`)).status).toBe(401);
    const staff = await fetch(`${s.url}/api/customer/tickets/events`, { headers: { authorization: `Bearer ${admin}` } });
    expect(staff.status).toBe(403);
    await staff.body?.cancel();
  });

  it('tells a stream of its own account\'s ticket after a staff reply, and nothing of another account\'s', async () => {
    const stream = await openEvents(`${s.url}/api/customer/tickets/events`, { authorization: `Bearer ${customer}` });
    await stream.next((e) => e.event === 'ready');
    // Another account's change first: nothing may come of it.
    await staffReply(foreign.id, 'reply to the other account');
    await staffReply(own.id, 'reply to Carla');
    await stream.next((e) => e.event === 'ticket' && e.data.number === own.number);
    expect(ticketsOf(stream)).not.toContain(foreign.number);
    stream.close();
  });

  it('sends nothing at all to a stream when only an unrelated account\'s tickets change', async () => {
    const mine = await openEvents(`${s.url}/api/customer/tickets/events`, { authorization: `Bearer ${customer}` });
    const theirs = await openEvents(`${s.url}/api/customer/tickets/events`, { authorization: `Bearer ${other}` });
    await mine.next((e) => e.event === 'ready');
    await theirs.next((e) => e.event === 'ready');
    await staffReply(foreign.id, 'second reply to the other account');
    await s.api('POST', `/api/customer/tickets/${foreign.number}/close`, { token: other });
    // The other account's stream hears of it: by then the poke has reached ours too.
    await theirs.next((e) => e.event === 'ticket' && e.data.number === foreign.number);
    // A later change of our own, to be sure our stream handled every earlier poke in order.
    await s.api('PATCH', `/api/customer/tickets/${own.number}`, { token: customer, body: { priority: 'minor' } });
    await mine.next((e) => e.event === 'ticket' && e.data.number === own.number);
    expect(mine.events.filter((e) => e.event === 'ticket')).toEqual([{ event: 'ticket', data: { number: own.number } }]);
    expect(ticketsOf(theirs)).not.toContain(own.number);
    mine.close();
    theirs.close();
  });

  it('ends a portal (cookie) stream once its session is signed out, at the next event', async () => {
    const browser = await portalSignIn(s.url, 'customer@example.com');
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const stream = await openEvents(`${s.url}/api/customer/tickets/events`, { cookie });
    await stream.next((e) => e.event === 'ready');
    expect((await browser.request('DELETE', '/api/portal/session')).status).toBe(200);
    await newTicket(other, 'any commit pokes every stream');
    await stream.ended;
    expect(stream.events.at(-1)).toEqual({ event: 'signed-out', data: {} });
    expect((await fetch(`${s.url}/api/customer/tickets/events`, { headers: { cookie } })).status).toBe(401);
  });

  it('answers another account\'s ticket and its access info with 404', async () => {
    const r = await s.api('GET', `/api/customer/tickets/${foreign.number}`, { token: customer });
    expect(r.status).toBe(404);
    expect((await s.api('GET', `/api/customer/tickets/${foreign.number}/access-info`, { token: customer })).status).toBe(404);
  });

  it('gives the ticket page its facts from the shared life cycle, and lists access info without its text', async () => {
    const t = await newTicket(customer, 'facts');
    let detail = (await s.api('GET', `/api/customer/tickets/${t.number}`, { token: customer })).body;
    expect(detail).toMatchObject({ canClose: true, chargeOnClose: 0, canReopen: false, reopenUntil: null, messageStartsFollowUp: false });
    detail = (await s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer })).body;
    const { reopenWindowMs } = (await s.api('GET', '/api/admin/settings/lifecycle', { token: admin })).body;
    expect(detail).toMatchObject({ status: 'closed', canClose: false, canReopen: true, reopenUntil: detail.closedAt + reopenWindowMs, messageStartsFollowUp: false });
    s.clock.advance(reopenWindowMs + 1);
    detail = (await s.api('GET', `/api/customer/tickets/${t.number}`, { token: customer })).body;
    expect(detail).toMatchObject({ canReopen: false, messageStartsFollowUp: true });

    const secret = 'ssh root@shop.example, password hunter2-secret';
    expect((await s.api('POST', `/api/customer/tickets/${own.number}/access-info`, { token: customer, body: { text: secret } })).status).toBe(201);
    const list = await s.api('GET', `/api/customer/tickets/${own.number}/access-info`, { token: customer });
    expect(list.body.accessInfos).toEqual([{ id: expect.any(Number), createdAt: s.clock.now(), createdByName: 'Carla Customer' }]);
    expect(JSON.stringify(list.body)).not.toContain('hunter2');
    expect(JSON.stringify((await s.api('GET', `/api/customer/tickets/${own.number}`, { token: customer })).body)).not.toContain('hunter2');
  });
});
