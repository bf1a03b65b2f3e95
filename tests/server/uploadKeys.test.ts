/**
 * Upload keys (issue 20, server migration 019), on PGlite and PostgreSQL: a console sends the
 * same `?key=` with every attempt of one upload, so a repeat whose first attempt was stored
 * (its answer lost to a proxy's 502 or a timeout) is answered with that row, never stored
 * twice, whether the repeat comes after the first committed, races it, or would now be
 * refused because of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerTicket } from '../console/support/consoleStack';
import { bytes, upload } from '../support/fileArea';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('upload keys on %s', (backend) => {
  let s: TestServer;
  let admin: string, engineer: string, dispatcher: string;
  let folderId: number;
  let ticket: { id: number; number: number };
  let n = 0;
  /** A fresh key, as a console makes one per queued upload. */
  const newKey = () => `${Date.now().toString(36)}k${(n++).toString().padStart(12, '0')}`;
  const count = async (table: 'attachments' | 'files', name: string) =>
    Number((await s.ctx.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${table === 'files' ? 'name' : 'file_name'} = $1`, [name]))[0]!.n);
  const attach = (token: string, name: string, key: string, content = bytes(4000, 7)) =>
    upload(s, token, `/api/staff/tickets/${ticket.id}/attachments?name=${name}&key=${key}`, content);
  const publish = (name: string, key: string, content = bytes(3000, 8)) =>
    upload(s, admin, `/api/admin/file-folders/${folderId}/files?name=${name}&published=true&key=${key}`, content);

  beforeAll(async () => {
    s = await startTestServer(backend);
    [admin, engineer, dispatcher] = (await Promise.all(['admin@example.com', 'engineer@example.com', 'dispatcher@example.com'].map((e) => s.login(e)))) as [string, string, string];
    folderId = (await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'Kits', access: 'free' } })).body.id;
    ticket = await createCustomerTicket(s, 'Upload keys');
  });
  afterAll(() => s.close());

  it('answers a repeat of a stored attachment with the first row (200), storing it once', async () => {
    const key = newKey();
    const first = await attach(engineer, 'trace.log', key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await attach(engineer, 'trace.log', key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await count('attachments', 'trace.log')).toBe(1);
    // Without a key every upload is its own, as before.
    expect((await upload(s, engineer, `/api/staff/tickets/${ticket.id}/attachments?name=trace.log`, bytes(4000, 7))).status).toBe(201);
    expect(await count('attachments', 'trace.log')).toBe(2);
  });

  it('stores one row when two attempts with one key race', async () => {
    const key = newKey();
    const both = await Promise.all([attach(engineer, 'race.log', key, bytes(300_000, 9)), attach(engineer, 'race.log', key, bytes(300_000, 9))]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0]!.body.id).toBe(both[1]!.body.id);
    expect(await count('attachments', 'race.log')).toBe(1);
  });

  it('answers a folder file\'s repeat with its row rather than "a file of that name exists"', async () => {
    const key = newKey();
    const first = await publish('kit-4.1.10.tgz', key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await publish('kit-4.1.10.tgz', key);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Another upload of the same name (another key) is still refused, naming the field.
    const other = await publish('kit-4.1.10.tgz', newKey());
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'file_exists', field: 'query.name' });
    expect(await count('files', 'kit-4.1.10.tgz')).toBe(1);
  });

  it('answers the repeat with the stored row after the ticket closed, while a new upload is refused', async () => {
    const closing = await createCustomerTicket(s, 'Closes after the upload');
    const key = newKey();
    const first = await upload(s, engineer, `/api/staff/tickets/${closing.id}/attachments?name=fix.patch&key=${key}`, bytes(2000, 10));
    expect(first.status).toBe(201);
    await s.ctx.db.query(`UPDATE tickets SET status = 'closed' WHERE id = $1`, [closing.id]);
    const again = await upload(s, engineer, `/api/staff/tickets/${closing.id}/attachments?name=fix.patch&key=${key}`, bytes(2000, 10));
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const fresh = await upload(s, engineer, `/api/staff/tickets/${closing.id}/attachments?name=fix.patch&key=${newKey()}`, bytes(2000, 10));
    expect(fresh.status).toBe(409);
    expect(fresh.body.error).toBe('ticket_closed');
  });

  it('keeps keys per uploader: another user\'s upload with the same key is its own, and finds nothing of the first', async () => {
    const key = newKey();
    const mine = await attach(engineer, 'keyed-by-user.log', key);
    const theirs = await attach(dispatcher, 'keyed-by-user.log', key);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await count('attachments', 'keyed-by-user.log')).toBe(2);
  });

  it('refuses a malformed key, naming the field, and stores nothing', async () => {
    for (const bad of ['short', 'x'.repeat(65), 'has space in it 1234', "quote'or'1'='1'--xx"]) {
      const res = await attach(engineer, 'bad-key.log', encodeURIComponent(bad));
      expect(res.status, bad).toBe(400);
      expect(res.body.message).toMatch(/^query\.key: /);
    }
    expect(await count('attachments', 'bad-key.log')).toBe(0);
  });
});
