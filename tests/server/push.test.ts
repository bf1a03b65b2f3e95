/** Push (SYNC.md): per-client mutation ids, replays, duplicates, gaps and foreign clientIds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesChannel } from '../../src/server/sync/changeLog';
import { mutationHandlers } from '../../src/server/sync/push';
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

  async function newTicket(subject: string): Promise<{ id: number; version: number; status: string }> {
    const customer = await s.login('customer@example.com');
    const r = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject, body: 'hi' } });
    return (await s.ctx.db.query<{ id: number; version: number; status: string }>('SELECT id, version, status FROM tickets WHERE number = $1', [r.body.number]))[0]!;
  }

  it('runs a push in one transaction: a refused mutation undoes its own writes only, and the log gets consecutive seqs and one NOTIFY', async () => {
    const [a, b, c] = [await newTicket('batch a'), await newTicket('batch b'), await newTicket('batch c')];
    const [{ before }] = (await s.ctx.db.query<{ before: number }>('SELECT seq AS before FROM sync_counter')) as [{ before: number }];
    const notified: number[] = [];
    const unlisten = await s.ctx.db.listen(changesChannel, (p) => notified.push(Number(p)));
    const ref = 'batch-ref-0001';
    const res = await s.api('POST', '/api/sync/push', {
      token: dispatcher,
      body: {
        clientId: 'client-batch',
        mutations: [
          { id: 1, name: 'ticket.reply', args: { ticketId: a.id, body: 'to a', clientRef: ref } },
          // Saves the ticket's new state first, then fails on the clientRef already used.
          { id: 2, name: 'ticket.reply', args: { ticketId: b.id, body: 'to b', clientRef: ref } },
          { id: 3, name: 'ticket.reply', args: { ticketId: c.id, body: 'to c' } },
        ],
      },
    });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(res.body.results[1].error).toMatchObject({ code: 'duplicate_client_ref' });
    const [bAfter] = await s.ctx.db.query<{ version: number; status: string }>('SELECT version, status FROM tickets WHERE id = $1', [b.id]);
    expect(bAfter).toEqual({ version: b.version, status: b.status });
    const log = await s.ctx.db.query<{ seq: number; entity: string; entityId: number }>('SELECT seq, entity, entity_id AS "entityId" FROM changes WHERE seq > $1 ORDER BY seq', [before]);
    expect(log.map((l) => l.seq)).toEqual(log.map((_, i) => before + 1 + i));
    expect(log.filter((l) => l.entity === 'ticket').map((l) => l.entityId)).toEqual([a.id, c.id]);
    // A NOTIFY of a seq already logged, sent after the push committed: notifications arrive in
    // commit order, so once it is here every NOTIFY of the push is too.
    await s.ctx.db.query('SELECT pg_notify($1, $2)', [changesChannel, String(before)]);
    await expect.poll(() => notified.includes(before)).toBe(true);
    await unlisten();
    expect(notified.filter((seq) => seq > before)).toEqual([log.at(-1)!.seq]);
  });

  it('rejects a mutation that fails with an error of the server\'s own, alone: the rest of the queue goes on', async () => {
    const t = await newTicket('fault');
    const original = mutationHandlers['ticket.note'];
    mutationHandlers['ticket.note'] = async ({ w }) => {
      await w.query('UPDATE tickets SET subject = $2 WHERE id = $1', [t.id, 'half-written by the faulty note']);
      throw new Error('a bug in a handler');
    };
    let res: { status: number; body: any };
    try {
      res = await s.api('POST', '/api/sync/push', {
        token: dispatcher,
        body: {
          clientId: 'client-fault',
          mutations: [
            { id: 1, name: 'ticket.reply', args: { ticketId: t.id, body: 'first' } },
            { id: 2, name: 'ticket.note', args: { ticketId: t.id, body: 'x' } },
            { id: 3, name: 'ticket.reply', args: { ticketId: t.id, body: 'third' } },
          ],
        },
      });
    } finally {
      mutationHandlers['ticket.note'] = original;
    }
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(res.body.results[1].error).toMatchObject({ code: 'internal_error', message: expect.stringMatching(/nothing of it was kept/) });
    expect(JSON.stringify(res.body)).not.toContain('a bug in a handler');
    expect((await s.ctx.db.query<{ body: string }>(`SELECT body FROM ticket_messages WHERE ticket_id = $1 AND kind = 'staff' ORDER BY id`, [t.id])).map((m) => m.body)).toEqual(['first', 'third']);
    expect((await s.ctx.db.query<{ subject: string }>('SELECT subject FROM tickets WHERE id = $1', [t.id]))[0]!.subject).toBe('fault');
  });

  it('fails the whole push on a transient database fault (a serialization failure), applying and recording nothing of it', async () => {
    const t = await newTicket('transient');
    const original = mutationHandlers['ticket.note'];
    mutationHandlers['ticket.note'] = async () => {
      throw Object.assign(new Error('could not serialize access'), { code: '40001' });
    };
    try {
      const res = await s.api('POST', '/api/sync/push', {
        token: dispatcher,
        body: { clientId: 'client-transient', mutations: [{ id: 1, name: 'ticket.reply', args: { ticketId: t.id, body: 'first' } }, { id: 2, name: 'ticket.note', args: { ticketId: t.id, body: 'x' } }] },
      });
      expect(res.status).toBe(500);
    } finally {
      mutationHandlers['ticket.note'] = original;
    }
    expect(await s.ctx.db.query(`SELECT 1 FROM ticket_messages WHERE ticket_id = $1 AND kind = 'staff'`, [t.id])).toEqual([]);
    expect(await s.ctx.db.query(`SELECT 1 FROM sync_clients WHERE client_id = 'client-transient' AND last_mutation_id > 0`)).toEqual([]);
  });

  it('logs each mutation of a push as of its own end: a message merged away and split off in one push leaves the first department', async () => {
    const dept = async (name: string) => (await s.ctx.db.query<{ id: number }>('SELECT id FROM departments WHERE name = $1', [name]))[0]!.id;
    const [tech, billing] = [await dept('Tech support'), await dept('Billing')];
    const [from, into] = [await newTicket('merge from'), await newTicket('merge into')];
    const [m] = await s.ctx.db.query<{ id: number }>('SELECT id FROM ticket_messages WHERE ticket_id = $1', [from.id]);
    const setup = await s.api('POST', '/api/sync/push', {
      token: dispatcher,
      body: { clientId: 'client-move-1', mutations: [
        { id: 1, name: 'ticket.forward', args: { ticketId: from.id, departmentId: tech } },
        { id: 2, name: 'ticket.forward', args: { ticketId: into.id, departmentId: billing } },
      ] },
    });
    expect(setup.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const [{ before }] = (await s.ctx.db.query<{ before: number }>('SELECT seq AS before FROM sync_counter')) as [{ before: number }];
    const res = await s.api('POST', '/api/sync/push', {
      token: dispatcher,
      body: { clientId: 'client-move-2', mutations: [
        { id: 1, name: 'ticket.merge', args: { ticketId: from.id, intoTicketId: into.id } },
        { id: 2, name: 'ticket.split', args: { ticketId: into.id, messageId: m!.id } },
      ] },
    });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    // What Tech support's consoles receive about the message: its last word must be a delete.
    const heard = await s.ctx.db.query<{ op: string }>(
      `SELECT op FROM changes WHERE seq > $1 AND entity = 'message' AND entity_id = $2 AND $3 = ANY(scopes) ORDER BY seq`, [before, m!.id, `dept:${tech}`],
    );
    expect(heard.at(-1)?.op).toBe('delete');
  });

  it('delivers two pushes that lock the same tickets in opposite orders (a deadlock is run again)', async () => {
    const [t1, t2, t3] = [await newTicket('lock order 1'), await newTicket('lock order 2'), await newTicket('lock order 3')];
    const engineer = await s.login('admin@example.com');
    const notes = (order: Array<{ id: number }>) => order.map((t, i) => ({ id: i + 1, name: 'ticket.note', args: { ticketId: t.id, body: `note ${i}` } }));
    // Each error a note's handler meets: PostgreSQL's deadlock abort (40P01) surfaces in one.
    const original = mutationHandlers['ticket.note'];
    const failures: unknown[] = [];
    mutationHandlers['ticket.note'] = async (c, a) => {
      try {
        return await original(c, a);
      } catch (err) {
        failures.push((err as { code?: unknown }).code);
        throw err;
      }
    };
    // Holding the middle ticket lets each push take its first ticket and wait on the middle one;
    // once it is free, one push waits on the other's first ticket while that one waits on it.
    // PGlite runs one transaction at a time, so there the pushes simply follow each other.
    let held!: () => void;
    const holdingMiddle = new Promise<void>((r) => (held = r));
    const waitingOnLocks = async () =>
      (await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0]!.n;
    const holding = s.ctx.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE', [t2.id]);
      held();
      if (backend === 'postgres') await expect.poll(waitingOnLocks, { timeout: 20_000, message: 'both pushes waiting on the middle ticket' }).toBe(2);
    });
    let one: { status: number; body: any };
    let two: { status: number; body: any };
    try {
      await holdingMiddle;
      [one, two] = await Promise.all([
        s.api('POST', '/api/sync/push', { token: dispatcher, body: { clientId: 'client-order-a', mutations: notes([t1, t2, t3]) } }),
        s.api('POST', '/api/sync/push', { token: engineer, body: { clientId: 'client-order-b', mutations: notes([t3, t2, t1]) } }),
        holding,
      ]);
    } finally {
      mutationHandlers['ticket.note'] = original;
    }
    expect(failures).toEqual(backend === 'postgres' ? ['40P01'] : []);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([one.body.lastMutationId, two.body.lastMutationId]).toEqual([3, 3]);
    const [{ n }] = (await s.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_messages WHERE kind = 'note' AND ticket_id = ANY($1::bigint[])`, [[t1.id, t2.id, t3.id]])) as [{ n: number }];
    expect(n).toBe(6);
  });
});
