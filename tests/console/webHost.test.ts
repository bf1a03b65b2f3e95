/**
 * The web host end to end: a real server, the real console core, a real WebSocket. A
 * dispatcher signs in, sees the queue counts and the customer's new ticket, claims it locally
 * (shown at once, pending) and the claim reaches the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerTicket, SocketClient, soon, startConsoleStack, type ConsoleStack, type NewTicket } from './support/consoleStack';

describe('web host over a WebSocket', () => {
  let stack: ConsoleStack;
  let client: SocketClient;
  let ticket: NewTicket;

  beforeAll(async () => {
    stack = await startConsoleStack();
    ticket = await createCustomerTicket(stack.server, 'Checkout page stays blank after upgrade');
    client = await SocketClient.connect(stack.web.url);
  });
  afterAll(async () => {
    client?.close();
    await stack?.close();
  });

  it('refuses connections from another origin', async () => {
    await expect(SocketClient.connect(stack.web.url, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(SocketClient.connect(stack.web.url, 'null')).rejects.toThrow(/403/);
  });

  it('answers signed-out calls with not_signed_in, and bad input naming the field', async () => {
    expect(await client.call('auth.session')).toBeNull();
    expect(await client.request('queue.views', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await client.request('auth.signIn', { serverUrl: 'not a url', email: 'x', password: 'y' })).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'serverUrl' } });
    expect(await client.request('no.suchThing', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('says wrong_credentials for a wrong password', async () => {
    const reply = await client.request('auth.signIn', { serverUrl: stack.server.url, email: 'dispatcher@example.com', password: 'wrong' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'wrong_credentials' } });
  });

  it('signs in as the dispatcher and syncs', async () => {
    const session = await client.call('auth.signIn', { serverUrl: stack.server.url, email: 'dispatcher@example.com', password: 'switchboard' });
    expect(session.user).toMatchObject({ email: 'dispatcher@example.com', role: 'staff.dispatcher' });
    await stack.core.firstSync();
    const status = await client.call('sync.status');
    expect(status).toMatchObject({ signedIn: true, progress: null, outboxCount: 0 });
    await client.waitForEvent('syncStatus', (s) => s.signedIn && s.online);
  });

  it('counts the views and lists the new ticket in the dispatch inbox', async () => {
    const views: Array<{ id: string; label: string; count: number }> = await client.call('queue.views');
    expect(views.map((v) => v.id)).toEqual(expect.arrayContaining(['inbox', 'mine', 'hotRush', 'breaching', 'preClosed', 'all']));
    expect(views.some((v) => v.id.startsWith('department:'))).toBe(true);
    expect(views.find((v) => v.id === 'inbox')!.count).toBeGreaterThanOrEqual(1);
    const page = await client.call('queue.list', { view: 'inbox', limit: 50 });
    expect(page.items).toContainEqual(expect.objectContaining({ id: ticket.id, number: ticket.number, subject: ticket.subject, status: 'new', pending: false }));
    const detail = await client.call('ticket.detail', { ticketId: ticket.id });
    expect(detail.ticket.subject).toBe(ticket.subject);
    expect(detail.messages[0]).toMatchObject({ kind: 'customer', body: `Details about: ${ticket.subject}` });
  });

  it('shows a local claim at once and syncs it to the server', async () => {
    const before = (await client.call('queue.views')).find((v: { id: string }) => v.id === 'mine').count as number;
    const receipt = await client.call('ticket.claim', { ticketId: ticket.id });
    expect(receipt.mutationId).toBeGreaterThan(0);
    // At once, from the cache: in my tickets, assigned to me, marked pending until the server confirms.
    const mine = await client.call('queue.list', { view: 'mine' });
    const local = mine.items.find((t: { id: number }) => t.id === ticket.id);
    expect(local).toBeDefined();
    expect((await client.call('queue.views')).find((v: { id: string }) => v.id === 'mine').count).toBe(before + 1);
    await client.waitForEvent('entitiesChanged', (e) => e.ticketIds.includes(ticket.id));
    // Then on the server, and no longer pending here.
    const session = await client.call('auth.session');
    await expect
      .poll(async () => (await stack.server.ctx.db.query<{ assigneeId: number | null }>('SELECT assignee_id AS "assigneeId" FROM tickets WHERE id = $1', [ticket.id]))[0]?.assigneeId, { ...soon, message: 'the claim on the server' })
      .toBe(session.user.id);
    await expect
      .poll(async () => {
        const d = await client.call('ticket.detail', { ticketId: ticket.id });
        return !d.pending && d.ticket.assigneeId === session.user.id;
      }, { ...soon, message: 'the confirmed claim in the cache' })
      .toBe(true);
    expect((await client.call('sync.status')).outboxCount).toBe(0);
  });

  it('reports a local refusal without queueing anything', async () => {
    const reply = await client.request('ticket.reopen', { ticketId: ticket.id });
    expect(reply.ok).toBe(false);
    expect((await client.call('sync.status')).outboxCount).toBe(0);
  });

  it('searches the cache and lists the directory', async () => {
    const hits = await client.call('search.query', { text: 'checkout blank' });
    expect(hits.some((h: { ticketId: number }) => h.ticketId === ticket.id)).toBe(true);
    const dir = await client.call('directory.get');
    expect(dir.staff.some((u: { role: string }) => u.role === 'staff.engineer')).toBe(true);
    const account = await client.call('account.page', { accountId: (await client.call('ticket.detail', { ticketId: ticket.id })).ticket.accountId });
    expect(account.tickets.some((t: { id: number }) => t.id === ticket.id)).toBe(true);
  });

  it('pushes a notification for a new HotRush ticket', async () => {
    const hot = await createCustomerTicket(stack.server, 'Shop is down, HotRush please', { hotRush: true, priority: 'major' });
    const note = await client.waitForEvent('notification', (n) => n.ticketId === hot.id);
    expect(note).toMatchObject({ kind: 'hotRush', ticketNumber: hot.number, body: hot.subject });
  });

  it("passes the server's breach call-out on to the user", async () => {
    const late = await createCustomerTicket(stack.server, 'Orders page times out', { priority: 'major' });
    const [tech] = await stack.server.ctx.db.query<{ id: number }>(`SELECT id FROM departments WHERE name = 'Tech support'`);
    await expect.poll(async () => (await client.request('ticket.detail', { ticketId: late.id })).ok, { ...soon, message: 'the new ticket in the cache' }).toBe(true);
    // Classifying starts the turnaround clock (four hours for a major ticket).
    await client.call('ticket.classify', { ticketId: late.id, type: 'tech', departmentId: tech!.id, cost: 1 });
    await expect.poll(async () => (await client.call('sync.status')).outboxCount, { ...soon, message: 'the classification sent' }).toBe(0);
    const [row] = await stack.server.ctx.db.query<{ dueAt: number }>('SELECT due_at AS "dueAt" FROM tickets WHERE id = $1', [late.id]);
    stack.server.clock.ms = row!.dueAt;
    await stack.server.scheduler.runDue();
    const note = await client.waitForEvent('notification', (n) => n.ticketId === late.id && n.kind === 'breach');
    expect(note).toEqual({ kind: 'breach', ticketId: late.id, ticketNumber: late.number, title: `#${late.number} breached its turnaround target`, body: late.subject });
  });

  it('signs out', async () => {
    expect(await client.call('auth.signOut')).toEqual({ ok: true });
    expect(await client.call('auth.session')).toBeNull();
    expect(await client.call('sync.status')).toMatchObject({ signedIn: false });
  });
});
