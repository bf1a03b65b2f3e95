/**
 * The server side of the portal's File area, Invoices and Accounting: one invoice by id (another
 * account's is not found), the ledger page (balance = sum, newest first, ticket numbers, paging,
 * bad page refused naming the field), the file area's reason code, and an add-on or skin
 * invoiced without its main license refused at issue (it used to fail with a 500 when paid).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describe } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

describe('portal reads of files, invoices and the ledger (pglite)', () => {
  let s: TestServer;
  let customer: string;
  let billing: string;
  let carla: number;
  let pushes = 0;
  beforeAll(async () => {
    s = await startTestServer('pglite');
    customer = await s.login('customer@example.com');
    billing = await s.login('billing@example.com');
    carla = (await s.ctx.db.query<{ a: number }>(`SELECT account_id AS a FROM users WHERE email = 'customer@example.com'`))[0]!.a;
  });
  afterAll(() => s.close());

  const push = async (name: string, args: unknown) => {
    const res = await s.api('POST', '/api/sync/push', { token: billing, body: { clientId: `pfb-client-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    return res.body.results[0] as { status: string; error: { code: string; field?: string } | null };
  };

  it('reads one own invoice; another account\'s is not found', async () => {
    const [acc] = await s.ctx.db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Other', 'other-pfb@example.com', 1) RETURNING id`);
    const invoice = { description: 'Hosting', amountCents: 24000, items: [{ type: 'hosting', plan: 'Business', months: 12, priceCents: 24000 }] };
    expect(await push('invoice.issue', { accountId: carla, ...invoice })).toMatchObject({ status: 'applied' });
    expect(await push('invoice.issue', { accountId: acc!.id, ...invoice })).toMatchObject({ status: 'applied' });
    const [mine] = await s.ctx.db.query<{ id: number }>('SELECT id FROM invoices WHERE account_id = $1 LIMIT 1', [carla]);
    const [theirs] = await s.ctx.db.query<{ id: number }>('SELECT id FROM invoices WHERE account_id = $1 LIMIT 1', [acc!.id]);
    expect((await s.api('GET', `/api/customer/invoices/${mine!.id}`, { token: customer })).body.invoice).toMatchObject({ id: mine!.id });
    const other = await s.api('GET', `/api/customer/invoices/${theirs!.id}`, { token: customer });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('description');
  });

  it('the ledger: balance is the sum, newest first, charges carry their ticket number; a bad page names the field', async () => {
    for (const points of [5, -3, 7]) expect(await push('ledger.adjust', { accountId: carla, points, reason: `adjust ${points}` })).toMatchObject({ status: 'applied' });
    const res = await s.api('GET', '/api/customer/ledger', { token: customer });
    const [sum] = await s.ctx.db.query<{ b: number; n: number }>('SELECT coalesce(sum(points), 0)::int AS b, count(*)::int AS n FROM ledger_entries WHERE account_id = $1', [carla]);
    expect(res.body).toMatchObject({ balance: sum!.b, total: sum!.n, page: 1, pageSize: 50 });
    const times = (res.body.entries as Array<{ createdAt: number }>).map((e) => e.createdAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const e of res.body.entries as Array<{ kind: string; ticketNumber: number | null }>) if (e.kind === 'ticket_charge') expect(e.ticketNumber).toBeGreaterThan(0);
    const bad = await s.api('GET', '/api/customer/ledger?page=x', { token: customer });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('query.page');
  });

  it('the file area names its reason by code: no license at all, then every license pending', async () => {
    const none = await s.api('GET', '/api/customer/files', { token: customer });
    expect(none.body).toMatchObject({ noticeCode: 'no_license' });
    await s.ctx.db.query(`INSERT INTO licenses (key, product, kind, account_id, status, created_at, updated_at) VALUES ('PFB-1', 'X-Cart', 'main', $1, 'pending', 1, 1)`, [carla]);
    const pending = await s.api('GET', '/api/customer/files', { token: customer });
    expect(pending.body).toMatchObject({ noticeCode: 'all_pending', hiddenFolders: [] });
  });

  it('an add-on or skin invoiced without the main license it is for is refused, naming the field', async () => {
    const r = await push('invoice.issue', { accountId: carla, description: 'Skin', amountCents: 6900, items: [{ type: 'skin', product: 'X-Cart', edition: 'Blue Sky', priceCents: 6900 }] });
    expect(r).toMatchObject({ status: 'rejected', error: { code: 'missing_parent_license', field: 'args.items.0.parentLicenseId' } });
  });
});
