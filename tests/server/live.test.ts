/**
 * Live pokes and presence over SSE. On PostgreSQL the second server is a separate process
 * (`npm run server`'s entry point) on the same database: a commit on one reaches consoles
 * connected to the other through LISTEN/NOTIFY.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cursorAt, startTestServer, type TestServer } from '../support/testServer';
import { sessionLifetimeMs } from '../../src/server/auth/sessions';
import { openEvents } from '../support/sseClient';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';
import { composeMail } from '../support/mail';
import { StaffConsole } from '../support/lifecycle';

describe.each(backends)('live events on %s', (backend) => {
  let s: TestServer;
  let second: { url: string; child: ChildProcess } | undefined;
  let customer: string;
  let number: number;
  let ticketId: number;

  beforeAll(async () => {
    s = await startTestServer(backend);
    // The second server is a real process on the system clock: sessions made on the test clock
    // (a fixed date) would have expired for it once that date is more than a session's life ago.
    s.clock.ms = Date.now();
    customer = await s.login('customer@example.com');
    const r = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: 'live', body: 'first' } });
    number = r.body.number;
    ticketId = (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [number]))[0]!.id;
    if (s.databaseUrl) second = await spawnServerProcess({ DATABASE_URL: s.databaseUrl });
  });
  afterAll(async () => {
    if (second) await stopServerProcess(second.child);
    await s.close();
  });

  it('pokes a connected console with the new seq after a customer message commits', async () => {
    const listenUrl = second?.url ?? s.url;
    const dispatcher = await s.login('dispatcher@example.com');
    const events = await openEvents(`${listenUrl}/api/sync/events`, dispatcher);
    const initial = await events.next((e) => e.event === 'poke');
    await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: customer, body: { body: 'anyone there?' } });
    const [head] = await s.ctx.db.query<{ seq: number }>('SELECT seq FROM sync_counter');
    const poke = await events.next((e) => e.event === 'poke' && e.data.seq === head!.seq);
    expect(poke.data.seq).toBeGreaterThan(initial.data.seq);
    const changes = await fetch(`${listenUrl}/api/sync/changes?cursor=${await cursorAt(s, dispatcher, initial.data.seq)}`, { headers: { authorization: `Bearer ${dispatcher}` } });
    const body = (await changes.json()) as { changes: Array<{ entity: string; payload: { body?: string } }> };
    expect(body.changes.some((c) => c.entity === 'message' && c.payload.body === 'anyone there?')).toBe(true);
    events.close();
  });

  it("ends a console's stream with signed-out once its session is signed out, and sends it nothing after", async () => {
    const dispatcher = await s.login('dispatcher@example.com', true);
    const events = await openEvents(`${second?.url ?? s.url}/api/sync/events`, dispatcher);
    await events.next((e) => e.event === 'poke');
    expect((await s.api('POST', '/api/auth/logout', { token: dispatcher })).status).toBe(200);
    // Any commit pokes every stream: this one must hear signed-out instead, and end.
    await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: customer, body: { body: 'after the logout' } });
    await events.ended;
    expect(events.events.at(-1)).toEqual({ event: 'signed-out', data: { reason: 'ended' } });
    expect(events.events.filter((e) => e.event === 'poke')).toHaveLength(1);
  });

  it("ends a console's stream once its session expires (the test server's clock past the session's life), at the next event", async () => {
    const dispatcher = await s.login('dispatcher@example.com', true);
    const events = await openEvents(`${s.url}/api/sync/events`, dispatcher);
    await events.next((e) => e.event === 'poke');
    const [session] = await s.ctx.db.query<{ expiresAt: number }>(
      `SELECT expires_at AS "expiresAt" FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'dispatcher@example.com' ORDER BY s.id DESC LIMIT 1`);
    const back = Number(session!.expiresAt) - s.clock.now() + 1;
    expect(Number(session!.expiresAt)).toBe(s.clock.now() + sessionLifetimeMs);
    s.clock.advance(back);
    try {
      // A commit after the expiry (by a customer signed in since) pokes every stream: this one hears signed-out and ends.
      const fresh = await s.login('customer@example.com', true);
      expect((await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: fresh, body: { body: 'after the expiry' } })).status).toBe(200);
      await events.ended;
      expect(events.events.at(-1)).toEqual({ event: 'signed-out', data: { reason: 'ended' } });
      expect(events.events.filter((e) => e.event === 'poke')).toHaveLength(1);
      expect((await s.api('GET', '/api/auth/session', { token: dispatcher })).status).toBe(401);
    } finally {
      s.clock.advance(-back);
    }
  });

  it('ends the stream of a deactivated user at the next event', async () => {
    const engineer = await s.login('engineer@example.com', true);
    const events = await openEvents(`${s.url}/api/sync/events`, engineer);
    await events.next((e) => e.event === 'poke');
    await s.ctx.db.query(`UPDATE users SET active = false WHERE email = 'engineer@example.com'`);
    try {
      await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: customer, body: { body: 'poke a deactivated user' } });
      await events.ended;
      expect(events.events.at(-1)).toEqual({ event: 'signed-out', data: { reason: 'deactivated' } });
      expect(events.events.filter((e) => e.event === 'poke')).toHaveLength(1);
    } finally {
      await s.ctx.db.query(`UPDATE users SET active = true WHERE email = 'engineer@example.com'`);
    }
  });

  it('tells other consoles who is viewing or replying to a ticket', async () => {
    const engineer = await s.login('admin@example.com');
    const dispatcher = await s.login('dispatcher@example.com');
    const events = await openEvents(`${second?.url ?? s.url}/api/sync/events`, engineer);
    const res = await s.api('POST', '/api/sync/presence', { token: dispatcher, body: { ticketId, activity: 'replying' } });
    expect(res.status).toBe(200);
    const p = await events.next((e) => e.event === 'presence' && e.data.ticketId === ticketId);
    expect(p.data).toMatchObject({ userId: s.ids['dispatcher@example.com'], userName: 'Dana Dispatcher', activity: 'replying' });
    events.close();
  });

  it('tells of a viewer only the consoles whose user may see the ticket, live and in the replay to a new stream', async () => {
    const dispatcher = await s.login('dispatcher@example.com');
    const sales = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'sales', subject: 'a sales question', body: 'price?' } });
    const salesId = (await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [sales.body.number]))[0]!.id;
    const listenUrl = second?.url ?? s.url;
    // Billing works in Billing and Sales: the tech ticket is not theirs, the sales one is.
    const billing = await openEvents(`${listenUrl}/api/sync/events`, await s.login('billing@example.com'));
    const engineer = await openEvents(`${listenUrl}/api/sync/events`, await s.login('engineer@example.com'));
    await Promise.all([billing.next((e) => e.event === 'poke'), engineer.next((e) => e.event === 'poke')]);
    for (const id of [ticketId, salesId]) expect((await s.api('POST', '/api/sync/presence', { token: dispatcher, body: { ticketId: id, activity: 'viewing' } })).status).toBe(200);
    await engineer.next((e) => e.event === 'presence' && e.data.ticketId === ticketId);
    // Presence reaches a stream in the order it was sent: once the sales one is in, the tech one would be too.
    await billing.next((e) => e.event === 'presence' && e.data.ticketId === salesId);
    const seenBy = (events: typeof billing) => events.events.filter((e) => e.event === 'presence').map((e) => e.data.ticketId);
    expect(seenBy(billing)).not.toContain(ticketId);
    expect(seenBy(engineer)).not.toContain(salesId);
    billing.close();
    // A stream opened later hears who is on which ticket: the ones it may see only.
    const later = await openEvents(`${listenUrl}/api/sync/events`, await s.login('billing@example.com', true));
    await later.next((e) => e.event === 'presence' && e.data.ticketId === salesId);
    await later.next((e) => e.event === 'poke');
    expect(seenBy(later)).not.toContain(ticketId);
    later.close();
    engineer.close();
  });
  it('tells those who handle held mail (dispatchers, admins), and no one else, when mail is held or decided', async () => {
    const listenUrl = second?.url ?? s.url;
    const dispatcherToken = await s.login('dispatcher@example.com', true);
    const [dispatcher, admin, engineer] = await Promise.all([
      openEvents(`${listenUrl}/api/sync/events`, dispatcherToken),
      openEvents(`${listenUrl}/api/sync/events`, await s.login('admin@example.com', true)),
      openEvents(`${listenUrl}/api/sync/events`, await s.login('engineer@example.com', true)),
    ]);
    await Promise.all([dispatcher, admin, engineer].map((e) => e.next((x) => x.event === 'poke')));
    const raw = await composeMail({ from: 'live-stranger@nowhere.example', subject: 'Held live', text: 'Hello?' });
    expect(await s.mailIngest.ingest(raw, 'smtp')).toMatchObject({ outcome: 'held' });
    await Promise.all([dispatcher, admin].map((e) => e.next((x) => x.event === 'held-mail', 20_000)));
    const [held] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM held_mails WHERE subject = 'Held live'`);
    await new StaffConsole(s, dispatcherToken).do('heldMail.discard', { heldMailId: held!.id });
    const count = (e: typeof dispatcher) => e.events.filter((x) => x.event === 'held-mail').length;
    await Promise.all([dispatcher, admin].map((e) => e.next((x) => x.event === 'held-mail', 20_000)));
    // Everything sent before this commit's poke has reached the engineer's stream by then (one hub, in order).
    await s.api('POST', `/api/customer/tickets/${number}/messages`, { token: customer, body: { body: 'after the held mail' } });
    const [head] = await s.ctx.db.query<{ seq: number }>('SELECT seq FROM sync_counter');
    await engineer.next((e) => e.event === 'poke' && e.data.seq === head!.seq, 20_000);
    expect(count(dispatcher)).toBe(2);
    expect(count(engineer)).toBe(0);
    for (const e of [dispatcher, admin, engineer]) e.close();
  });
});
