/**
 * Least privilege in the staff consoles' caches (issue 20, probe 15): an engineer's console,
 * bootstrapped and pulling from the real server, holds the licenses without certificates and
 * each account's balance, but no ledger and no customer's own uploads (My files); billing's
 * console holds them all. Downloads of My files follow the same rule on the server: billing
 * and admins, or the staff of one of the account's tickets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { write } from '../../src/server/sync/changeLog';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { upload } from '../support/fileArea';
import { startTestServer, type TestServer } from '../support/testServer';
import { cacheRows, seedHelpdesk, serverRowsFor, staffEmails, startEngine } from './support/fixtures';

describe('least privilege in the staff caches', () => {
  let s: TestServer;
  let accountId: number;
  let licenseId: number;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    await seedHelpdesk(s);
    [{ id: accountId }] = (await s.ctx.db.query<{ id: number }>(`SELECT account_id AS id FROM users WHERE email = 'customer@example.com'`)) as [{ id: number }];
    await write(s.ctx.db, s.clock.now(), async (w) => {
      const [l] = await w.query<{ id: number }>(
        `INSERT INTO licenses (key, product, kind, edition, account_id, status, certificate, created_at, updated_at) VALUES ('LP-1', 'X-Cart', 'main', 'Gold', $1, 'active', 'CERT-SECRET-1', 0, 0) RETURNING id`,
        [accountId],
      );
      licenseId = l!.id;
      w.changed('license', licenseId);
      const [e] = await w.query<{ id: number }>(`INSERT INTO ledger_entries (account_id, kind, points, reason, created_at) VALUES ($1, 'purchase', 25, 'Points bought', $2) RETURNING id`, [accountId, s.clock.now()]);
      w.changed('ledger_entry', e!.id);
      w.changed('account', accountId);
    });
    const customer = await s.login('customer@example.com');
    expect((await upload(s, customer, '/api/customer/files/my-files?name=store-backup.sql.gz', Buffer.from('backup'))).status).toBe(201);
  });
  afterAll(() => s.close());

  const count = (cache: { reader: { db: { prepare(q: string): { get(...a: unknown[]): unknown } } } }, q: string, ...args: unknown[]) => (cache.reader.db.prepare(q).get(...args) as { n: number }).n;

  it("keeps certificates, ledgers and My files out of an engineer's cache, and gives billing's all of them, at bootstrap and in the changes after", async () => {
    const engineer = await startEngine(s, staffEmails.engineer);
    const billing = await startEngine(s, staffEmails.billing);
    for (const { engine } of [engineer, billing]) await engine.bootstrap();
    const check = async () => {
      const balance = (await s.ctx.db.query<{ n: number }>('SELECT sum(points)::int AS n FROM ledger_entries WHERE account_id = $1', [accountId]))[0]!.n;
      const e = engineer.cache;
      // The ticket sidebar's facts: every license with its key, and the balance.
      expect(e.reader.db.prepare('SELECT key, certificate FROM licenses WHERE id = ?').get(licenseId)).toEqual({ key: 'LP-1', certificate: '' });
      expect(count(e, `SELECT count(*) AS n FROM licenses WHERE certificate <> ''`)).toBe(0);
      expect(count(e, 'SELECT count(*) AS n FROM licenses')).toBe(count(billing.cache, 'SELECT count(*) AS n FROM licenses'));
      expect(count(e, 'SELECT points_balance AS n FROM accounts WHERE id = ?', accountId)).toBe(balance);
      expect(count(e, 'SELECT count(*) AS n FROM ledger_entries')).toBe(0);
      expect(count(e, 'SELECT count(*) AS n FROM files WHERE account_id IS NOT NULL')).toBe(0);
      // Billing's console holds them whole.
      const b = billing.cache;
      expect(count(b, 'SELECT count(*) AS n FROM ledger_entries WHERE account_id = ?', accountId)).toBeGreaterThan(0);
      expect(count(b, 'SELECT count(*) AS n FROM files WHERE account_id = ?', accountId)).toBe(1);
      // Row by row, each cache is what the server's scopes give its user.
      expect(cacheRows(e)).toEqual(await serverRowsFor(s, staffEmails.engineer));
      expect(cacheRows(b)).toEqual(await serverRowsFor(s, staffEmails.billing));
    };
    await check();
    expect(billing.cache.reader.db.prepare('SELECT certificate FROM licenses WHERE id = ?').get(licenseId)).toEqual({ certificate: 'CERT-SECRET-1' });

    // A new certificate and a ledger entry, through the change log.
    await write(s.ctx.db, s.clock.now(), async (w) => {
      await w.query(`UPDATE licenses SET certificate = 'CERT-SECRET-2', status = 'revoked', version = version + 1 WHERE id = $1`, [licenseId]);
      w.changed('license', licenseId);
      const [e] = await w.query<{ id: number }>(`INSERT INTO ledger_entries (account_id, kind, points, reason, created_at) VALUES ($1, 'adjustment', -5, 'Correction', $2) RETURNING id`, [accountId, s.clock.now()]);
      w.changed('ledger_entry', e!.id);
      w.changed('account', accountId);
    });
    for (const { engine } of [engineer, billing]) await engine.pull();
    expect(engineer.cache.reader.db.prepare('SELECT status, certificate FROM licenses WHERE id = ?').get(licenseId)).toEqual({ status: 'revoked', certificate: '' });
    expect(billing.cache.reader.db.prepare('SELECT certificate FROM licenses WHERE id = ?').get(licenseId)).toEqual({ certificate: 'CERT-SECRET-2' });
    await check();
    for (const { engine, cache } of [engineer, billing]) {
      await engine.stop();
      cache.close();
    }
  });

  it("lets billing, admins and the staff of one of the account's tickets download its My files, and nobody else", async () => {
    const db = s.ctx.db;
    const [{ id: otherAccount }] = (await db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Quiet Ltd', 'quiet@example.com', 0) RETURNING id`)) as [{ id: number }];
    await db.query(`INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'quiet@example.com', 'Quiet', 'customer.primary', $2, 0)`, [otherAccount, await hashPassword(demoPassword)]);
    const quiet = await s.login('quiet@example.com');
    const file = (await upload(s, quiet, '/api/customer/files/my-files?name=private-notes.txt', Buffer.from('private'))).body as { id: number };
    const download = async (email: string) => (await fetch(`${s.url}/api/staff/files/${file.id}/download`, { headers: { authorization: `Bearer ${await s.login(email)}` } })).status;
    const listed = async (email: string) =>
      ((await s.api('GET', `/api/staff/accounts/${otherAccount}/file-area`, { token: await s.login(email) })).body as { myFiles: { files: unknown[] } }).myFiles.files.length;

    expect(await download(staffEmails.billing)).toBe(200);
    expect(await download(staffEmails.admin)).toBe(200);
    // No ticket of that account yet: dispatchers and engineers are not its staff.
    expect(await download(staffEmails.engineer)).toBe(403);
    expect(await download(staffEmails.dispatcher)).toBe(403);
    expect(await listed(staffEmails.engineer)).toBe(0);
    expect(await listed(staffEmails.billing)).toBe(1);
    // A Tech support ticket of the account makes the engineer (Tech support) one of its staff.
    expect((await s.api('POST', '/api/customer/tickets', { token: quiet, body: { type: 'tech', subject: 'Please look at my notes', body: 'See My files' } })).status).toBe(201);
    expect(await download(staffEmails.engineer)).toBe(200);
    expect(await listed(staffEmails.engineer)).toBe(1);
  });

  it("gives the staff of one of the account's tickets its ledger and certificates from the server, which their cache does not hold", async () => {
    const db = s.ctx.db;
    const [{ id: otherAccount }] = (await db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Ledger Ltd', 'ledger@example.com', 0) RETURNING id`)) as [{ id: number }];
    await db.query(`INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'ledger@example.com', 'Ledger', 'customer.primary', $2, 0)`, [otherAccount, await hashPassword(demoPassword)]);
    await write(db, s.clock.now(), async (w) => {
      const [l] = await w.query<{ id: number }>(
        `INSERT INTO licenses (key, product, kind, edition, account_id, status, certificate, created_at, updated_at) VALUES ('LP-2', 'X-Cart', 'main', 'Gold', $1, 'active', 'CERT-OF-LEDGER-LTD', 0, 0) RETURNING id`,
        [otherAccount],
      );
      w.changed('license', l!.id);
      await w.query(`INSERT INTO ledger_entries (account_id, kind, points, reason, created_at) VALUES ($1, 'purchase', 40, 'Points bought', 1), ($1, 'adjustment', -3, 'Correction', 2)`, [otherAccount]);
    });
    const read = async (email: string, id = otherAccount) => s.api('GET', `/api/staff/accounts/${id}/private`, { token: await s.login(email) });
    const billing = await read(staffEmails.billing);
    expect(billing.status).toBe(200);
    expect(billing.body.ledger.map((e: { points: number }) => e.points)).toEqual([-3, 40]);
    expect(Object.values(billing.body.certificates)).toEqual(['CERT-OF-LEDGER-LTD']);
    // No ticket of that account: not the engineer's to read, nor the dispatcher's.
    expect(await read(staffEmails.engineer)).toMatchObject({ status: 403, body: { error: 'not_yours' } });
    expect(await read(staffEmails.dispatcher)).toMatchObject({ status: 403, body: { error: 'not_yours' } });
    // Customers never; an account that does not exist is not found.
    expect((await s.api('GET', `/api/staff/accounts/${otherAccount}/private`, { token: await s.login('ledger@example.com') })).status).toBe(403);
    expect((await read(staffEmails.billing, 999_999)).status).toBe(404);
    // A Tech support ticket of the account: the engineer (Tech support) reads both, the same as billing.
    expect((await s.api('POST', '/api/customer/tickets', { token: await s.login('ledger@example.com'), body: { type: 'tech', subject: 'My points?', body: 'How many are left?' } })).status).toBe(201);
    const engineer = await read(staffEmails.engineer);
    expect(engineer).toMatchObject({ status: 200, body: billing.body });
  });
});
