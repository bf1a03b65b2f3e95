/**
 * A commit pokes every staff stream at once, and each stream checks its session before it
 * sends: those checks are answered by one query, so the last of hundreds of consoles is not
 * poked after hundreds of queries (issue 23's fan-out). A stream whose session ended in the
 * same batch still hears nothing but signed-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/server/db/database';
import { backends, openTestDatabase, startTestServer, type TestServer } from '../support/testServer';
import { openEvents } from '../support/sseClient';

/** The database, with the statements that read sessions by a list of token hashes counted. */
function counting(db: Database): { db: Database; batchReads: () => number; singleReads: () => number } {
  let batch = 0;
  let single = 0;
  const count = (text: string) => {
    if (!/from "sessions"/.test(text)) return;
    if (/"sessions"\."token_hash" in \(/.test(text)) batch += 1;
    else if (/"sessions"\."token_hash" = /.test(text) && /^select/.test(text)) single += 1;
  };
  const wrap = <Q extends Queryable>(q: Q): Q =>
    new Proxy(q, {
      get(target, prop) {
        if (prop === 'query') return (text: string, params?: readonly unknown[]) => (count(text), target.query(text, params));
        if (prop === 'transaction') return (fn: (tx: Queryable) => Promise<unknown>, ...rest: unknown[]) => (target as unknown as Database).transaction((tx) => fn(wrap(tx)), ...(rest as []));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return { db: wrap(db), batchReads: () => batch, singleReads: () => single };
}

describe.each(backends)('the live streams\' session checks on %s', (backend) => {
  let s: TestServer;
  let counted: ReturnType<typeof counting>;

  beforeAll(async () => {
    counted = counting(await openTestDatabase(backend));
    s = await startTestServer(backend, { db: counted.db });
  });
  afterAll(() => s.close());

  it('checks the sessions of 40 streams poked by one commit in one query, and ends the one signed out meanwhile', async () => {
    const customer = await s.login('customer@example.com');
    const emails = ['dispatcher@example.com', 'engineer@example.com', 'billing@example.com', 'admin@example.com'];
    // One after another: parallel sign-ins count as attempts before they are checked.
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) tokens.push(await s.login(emails[i % emails.length]!, true));
    const streams = await Promise.all(tokens.map((t) => openEvents(`${s.url}/api/sync/events`, t)));
    await Promise.all(streams.map((e) => e.next((x) => x.event === 'poke')));
    // Signed out without the notice every real sign-out sends: only the check at the poke can tell.
    await s.ctx.db.query(`DELETE FROM sessions WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [tokens[7]]);
    const before = { batch: counted.batchReads(), single: counted.singleReads() };
    const r = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: 'poke them all', body: 'hello' } });
    expect(r.status).toBe(201);
    const [head] = await s.ctx.db.query<{ seq: number }>('SELECT seq::int AS seq FROM sync_counter');
    await Promise.all(streams.map((e, i) => (i === 7 ? e.ended : e.next((x) => x.event === 'poke' && x.data.seq === head!.seq))));
    expect(streams[7]!.events.at(-1)).toEqual({ event: 'signed-out', data: { reason: 'ended' } });
    expect(streams[7]!.events.filter((e) => e.event === 'poke')).toHaveLength(1);
    expect(counted.batchReads() - before.batch).toBe(1);
    // The customer's own request is the only one-session read.
    expect(counted.singleReads() - before.single).toBe(1);
    for (const e of streams) e.close();
  });
});
