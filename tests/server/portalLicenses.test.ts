/**
 * The server side of the portal's "My licenses": the transfer form's 'Account information'
 * (stored, synced to billing, the new account's primary user), add-on transfers of several
 * add-ons in one request (all or nothing), the shared license rules, and a license's page data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { startTestServer, type TestServer } from '../support/testServer';

describe('portal licenses on pglite', () => {
  let s: TestServer;
  let billing: string;
  let n = 0;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => s.ctx.db.query<T>(sql, params);
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0]!;

  beforeAll(async () => {
    s = await startTestServer('pglite');
    billing = await s.login('billing@example.com');
  });
  afterAll(() => s.close());

  async function push(name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token: billing, body: { clientId: `portal-licenses-${++n}`, mutations: [{ id: 1, name, args }] } });
    return res.body.results[0] as { status: string; error: unknown };
  }

  async function addAccount(company: string): Promise<{ accountId: number; email: string; token: string }> {
    const email = `pl-${++n}@example.com`;
    const { id: accountId } = await one<{ id: number }>('INSERT INTO accounts (company, contact_email, created_at) VALUES ($1, $2, $3) RETURNING id', [company, email, s.clock.now()]);
    const { id: userId } = await one<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.primary', $4, $5) RETURNING id`,
      [accountId, email, company, await hashPassword(demoPassword), s.clock.now()],
    );
    await q('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [accountId, userId]);
    return { accountId, email, token: await s.login(email) };
  }

  async function addLicense(accountId: number, o: { kind?: 'main' | 'addon' | 'skin'; parent?: number; status?: string; product?: string } = {}) {
    const key = `PL-${String(++n).padStart(4, '0')}`;
    const { id } = await one<{ id: number }>(
      `INSERT INTO licenses (key, product, kind, edition, product_version, url, account_id, parent_license_id, status, certificate, created_at, updated_at)
       VALUES ($1, $2, $3, 'Gold', '4.1.9', $4, $5, $6, $7, '', $8, $8) RETURNING id`,
      [key, o.product ?? 'X-Cart', o.kind ?? 'main', `https://pl${n}.example/`, accountId, o.parent ?? null, o.status ?? 'active', s.clock.now()],
    );
    return { id, key };
  }

  it("keeps the transfer form's 'Account information' for billing, and names the new account's primary user after it", async () => {
    const seller = await addAccount('Seller');
    const lic = await addLicense(seller.accountId);
    const res = await s.api('POST', `/api/customer/licenses/${lic.id}/transfer`, {
      token: seller.token, body: { targetUrl: 'https://newco.example/', targetCompany: 'NewCo', targetEmail: 'boss@newco.example', targetContactName: ' Nina Boss ' },
    });
    expect(res.status).toBe(200);
    const transferId = res.body.transferId as number;
    expect(await one('SELECT target_contact_name AS name FROM license_transfers WHERE id = $1', [transferId])).toEqual({ name: 'Nina Boss' });
    const synced = await one<{ payload: Record<string, unknown> }>(`SELECT payload FROM changes WHERE entity = 'license_transfer' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [transferId]);
    expect(synced.payload).toMatchObject({ targetContactName: 'Nina Boss', targetCompany: 'NewCo', targetEmail: 'boss@newco.example' });
    const list = await s.api('GET', '/api/customer/licenses', { token: seller.token });
    expect(list.body.licenses.find((l: { id: number }) => l.id === lic.id).pendingTransfer).toMatchObject({ id: transferId, targetContactName: 'Nina Boss', targetUrl: 'https://newco.example/' });

    expect(await push('transfer.approve', { transferId })).toMatchObject({ status: 'applied' });
    expect(await one(`SELECT u.name, u.role, a.company FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.email = 'boss@newco.example'`))
      .toEqual({ name: 'Nina Boss', role: 'customer.primary', company: 'NewCo' });
  });

  it('refuses a transfer to the address of a staff member or a secondary user; an address taken after the request is refused at approval, never a 500', async () => {
    const seller = await addAccount('Seller Two');
    const lic = await addLicense(seller.accountId);
    const { id: secondaryId } = await one<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'rep-of-seller@example.com', 'Rep', 'customer.secondary', 'x', 0) RETURNING id`,
      [seller.accountId],
    );
    expect(secondaryId).toBeGreaterThan(0);
    for (const targetEmail of ['engineer@example.com', 'REP-of-seller@example.com']) {
      const res = await s.api('POST', `/api/customer/licenses/${lic.id}/transfer`, { token: seller.token, body: { targetUrl: 'https://x.example/', targetCompany: 'X', targetEmail } });
      expect(res.status, targetEmail).toBe(409);
      expect(res.body).toMatchObject({ error: 'target_email_not_primary', field: 'body.targetEmail' });
    }
    expect(await q('SELECT 1 FROM license_transfers WHERE license_id = $1', [lic.id])).toEqual([]);

    // Requested for a new customer; the address becomes a staff member's before billing approves.
    const res = await s.api('POST', `/api/customer/licenses/${lic.id}/transfer`, { token: seller.token, body: { targetUrl: 'https://late.example/', targetCompany: 'Late', targetEmail: 'late@example.com' } });
    expect(res.status).toBe(200);
    await q(`INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('late@example.com', 'Late Staff', 'staff.engineer', 'x', 0)`);
    const approval = await push('transfer.approve', { transferId: res.body.transferId });
    expect(approval).toMatchObject({ status: 'rejected', error: { code: 'target_email_not_primary' } });
    expect(await one('SELECT status FROM license_transfers WHERE id = $1', [res.body.transferId])).toEqual({ status: 'pending' });
    expect(await push('transfer.reject', { transferId: res.body.transferId, reason: 'The address belongs to a staff member.' })).toMatchObject({ status: 'applied' });
  });

  it('transfers several add-ons to one license key in one request, all or nothing, the points with the first', async () => {
    const owner = await addAccount('Owner');
    const other = await addAccount('Other');
    const main = await addLicense(owner.accountId);
    const addon = await addLicense(owner.accountId, { kind: 'addon', parent: main.id });
    const skin = await addLicense(owner.accountId, { kind: 'skin', parent: main.id });
    const elsewhere = await addLicense(owner.accountId, { kind: 'addon', parent: (await addLicense(owner.accountId)).id });
    const target = await addLicense(other.accountId);
    const pendingTarget = await addLicense(other.accountId, { status: 'pending' });
    const url = `/api/customer/licenses/${main.id}/addon-transfer`;
    const pendingCount = async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM license_transfers WHERE from_account_id = $1 AND status = 'pending'`, [owner.accountId])).n;

    const mixed = await s.api('POST', url, { token: owner.token, body: { addonIds: [addon.id, elsewhere.id], targetLicenseKey: target.key } });
    expect(mixed).toMatchObject({ status: 400, body: { field: 'body.addonIds.1' } });
    expect(await pendingCount()).toBe(0);
    const none = await s.api('POST', url, { token: owner.token, body: { addonIds: [], targetLicenseKey: target.key } });
    expect(none).toMatchObject({ status: 400, body: { field: 'body.addonIds' } });
    // "Only to a person who already has a license": a pending license is not one.
    const toPending = await s.api('POST', url, { token: owner.token, body: { addonIds: [addon.id], targetLicenseKey: pendingTarget.key } });
    expect(toPending).toMatchObject({ status: 400, body: { error: 'no_active_main_license', field: 'body.targetLicenseKey' } });
    const tooMany = await s.api('POST', url, { token: owner.token, body: { addonIds: [addon.id], targetLicenseKey: target.key, points: 5 } });
    expect(tooMany).toMatchObject({ status: 409, body: { error: 'insufficient_points', field: 'body.points' } });
    expect(await pendingCount()).toBe(0);

    expect(await push('ledger.adjust', { accountId: owner.accountId, points: 7, reason: 'bought' })).toMatchObject({ status: 'applied' });
    const ok = await s.api('POST', url, { token: owner.token, body: { addonIds: [addon.id, skin.id], targetLicenseKey: target.key.toLowerCase(), points: 7 } });
    expect(ok.status).toBe(200);
    expect(await q(`SELECT license_id AS "licenseId", target_license_key AS "key", target_company AS company, target_url AS "targetUrl", to_account_id AS "to", points
                      FROM license_transfers WHERE id = ANY($1::bigint[]) ORDER BY id`, [ok.body.transferIds]))
      .toEqual([
        { licenseId: addon.id, key: target.key, company: 'Other', targetUrl: expect.stringContaining('https://'), to: other.accountId, points: 7 },
        { licenseId: skin.id, key: target.key, company: 'Other', targetUrl: expect.stringContaining('https://'), to: other.accountId, points: 0 },
      ]);
    // Another account's main license id is not found.
    const stranger = await s.api('POST', `/api/customer/licenses/${target.id}/addon-transfer`, { token: owner.token, body: { addonIds: [addon.id], targetLicenseKey: main.key } });
    expect(stranger.status).toBe(404);
  });

  it('follows the shared license rules, and a license\'s page has its add-ons and pending URL change; others get 404, secondary users 403', async () => {
    const owner = await addAccount('Rules');
    const pending = await addLicense(owner.accountId, { status: 'pending' });
    const main = await addLicense(owner.accountId);
    const addon = await addLicense(owner.accountId, { kind: 'addon', parent: main.id });
    const refused = await s.api('POST', `/api/customer/licenses/${pending.id}/transfer`, { token: owner.token, body: { targetUrl: 'https://x.example/', targetCompany: 'X', targetEmail: 'x@x.example' } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'license_not_active' } });
    expect(refused.body.message).toContain('this one is pending');
    const addonUrl = await s.api('PUT', `/api/customer/licenses/${addon.id}/url-change`, { token: owner.token, body: { newUrl: 'https://x.example/', acknowledged: true } });
    expect(addonUrl).toMatchObject({ status: 400, body: { error: 'not_a_main_license' } });

    expect((await s.api('PUT', `/api/customer/licenses/${main.id}/url-change`, { token: owner.token, body: { newUrl: 'https://moved.example/', acknowledged: true } })).status).toBe(200);
    const page = await s.api('GET', `/api/customer/licenses/${main.id}`, { token: owner.token });
    expect(page.status).toBe(200);
    expect(page.body.license.pendingUrlChange).toMatchObject({ newUrl: 'https://moved.example/' });
    expect(page.body.addons.map((a: { id: number }) => a.id)).toEqual([addon.id]);

    const carla = await s.login('customer@example.com');
    expect((await s.api('GET', `/api/customer/licenses/${main.id}`, { token: carla })).status).toBe(404);
    const webmaster = await s.login('webmaster@example.com');
    expect((await s.api('GET', `/api/customer/licenses/${main.id}`, { token: webmaster })).status).toBe(403);
    expect((await s.api('POST', `/api/customer/licenses/${main.id}/addon-transfer`, { token: webmaster, body: { addonIds: [addon.id], targetLicenseKey: 'X' } })).status).toBe(403);
  });
});
