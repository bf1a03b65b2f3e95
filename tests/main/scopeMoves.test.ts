/**
 * A ticket that moves between scopes (forwarded to another department, split, merged) reaches
 * each cache as the server's scopes have it at the end: gone where no scope of the user sees
 * it any more, kept where one still does. Found by the fault harness: a user who saw the
 * ticket through both the scope it left and one it kept (an engineer in both departments, an
 * admin who is also a member of the old one) got the row's upsert and then the delete sent to
 * the scope it left, and lost the ticket and its conversation from the cache for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';
import { cacheRows, createTicket, customerMessage, departmentIds, pushAs, seedHelpdesk, serverRowsFor, staffEmails, startEngine } from './support/fixtures';

describe('rows moving between scopes', () => {
  let s: TestServer;
  let d: Record<string, number>;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
    // The demo engineer works in Tech support and Projects; the demo admin is a member of every department.
    d = await departmentIds(s);
  });
  afterAll(() => s.close());

  async function techTicket(subject: string) {
    const t = await createTicket(s, { type: 'tech', subject, body: `${subject}: the first words` });
    await customerMessage(s, t.number, `${subject}: more words`);
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.classify', { ticketId: t.id, type: 'tech', departmentId: d['Tech support']!, cost: 0 })).status).toBe('applied');
    return t;
  }

  async function caches() {
    const out = [];
    for (const email of [staffEmails.engineer, staffEmails.admin, staffEmails.dispatcher]) {
      const { engine, cache } = await startEngine(s, email);
      await engine.bootstrap();
      out.push({ email, engine, cache });
    }
    return out;
  }

  async function expectConverged(cs: Awaited<ReturnType<typeof caches>>) {
    for (const c of cs) {
      await c.engine.pull();
      expect(cacheRows(c.cache), c.email).toEqual(await serverRowsFor(s, c.email));
    }
  }

  it('keeps a forwarded ticket and its messages for whoever still sees it', async () => {
    const t = await techTicket('Forwarded');
    const cs = await caches();
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.forward', { ticketId: t.id, departmentId: d.Projects! })).status).toBe('applied');
    await expectConverged(cs);
    const engineer = cs[0]!.cache;
    expect(engineer.reader.db.prepare('SELECT count(*) AS n FROM messages WHERE ticket_id = ?').get(t.id)).toEqual({ n: 2 });
    // Forwarded again to a department the engineer is not in: gone from the engineer's cache, kept for the admin.
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.forward', { ticketId: t.id, departmentId: d.Sales! })).status).toBe('applied');
    await expectConverged(cs);
    expect(engineer.reader.db.prepare('SELECT count(*) AS n FROM tickets WHERE id = ?').get(t.id)).toEqual({ n: 0 });
    expect(cs[1]!.cache.reader.db.prepare('SELECT count(*) AS n FROM messages WHERE ticket_id = ?').get(t.id)).toEqual({ n: 2 });
    for (const c of cs) await c.engine.stop();
  });

  it('keeps a split-off message and a merged conversation for whoever still sees them', async () => {
    const a = await techTicket('Split me');
    const b = await techTicket('Merge me');
    const into = await techTicket('Merged into');
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.forward', { ticketId: into.id, departmentId: d.Projects! })).status).toBe('applied');
    const cs = await caches();
    const [second] = await s.ctx.db.query<{ id: number }>(`SELECT id FROM ticket_messages WHERE ticket_id = $1 ORDER BY id DESC LIMIT 1`, [a.id]);
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.split', { ticketId: a.id, messageId: second!.id })).status).toBe('applied');
    expect((await pushAs(s, staffEmails.dispatcher, 'ticket.merge', { ticketId: b.id, intoTicketId: into.id })).status).toBe('applied');
    await expectConverged(cs);
    const admin = cs[1]!.cache;
    expect(admin.reader.db.prepare('SELECT count(*) AS n FROM messages WHERE id = ?').get(second!.id)).toEqual({ n: 1 });
    expect(admin.reader.db.prepare('SELECT count(*) AS n FROM messages WHERE ticket_id = ?').get(into.id)).toEqual({ n: 4 });
    for (const c of cs) await c.engine.stop();
  });

  it('ends a batch of moves with each row where its last move put it', async () => {
    const t = await techTicket('Back and forth');
    const cs = await caches();
    // One push, one transaction: Tech support → Projects → Sales → Tech support.
    const res = await s.api<{ results: Array<{ status: string }> }>('POST', '/api/sync/push', {
      token: await s.login(staffEmails.dispatcher),
      body: { clientId: `batch-${Date.now()}`, mutations: [d.Projects, d.Sales, d['Tech support']].map((departmentId, i) => ({ id: i + 1, name: 'ticket.forward', args: { ticketId: t.id, departmentId } })) },
    });
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    await expectConverged(cs);
    for (const c of cs) expect(c.cache.reader.db.prepare('SELECT count(*) AS n FROM messages WHERE ticket_id = ?').get(t.id), c.email).toEqual({ n: 2 });
    for (const c of cs) await c.engine.stop();
  });
});
