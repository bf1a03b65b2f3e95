/**
 * The billing manager's day through the console API (web host, real console core, real
 * server): pending orders oldest first with payment state, verify shown at once and synced,
 * a transfer request rejected with a reason, a points adjustment, the account's billing page.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { paidOrder, SocketClient, soon, startConsoleStack, type ConsoleStack } from './support/consoleStack';

describe('billing in the console', () => {
  let stack: ConsoleStack;
  let client: SocketClient;
  let customer: string;
  let accountId: number;
  const orders: number[] = [];
  const order = (items: unknown[], amountCents: number) => paidOrder(stack.server, { accountId, customerToken: customer, items, amountCents, clientId: `billing-setup-${orders.length + 1}` });

  beforeAll(async () => {
    stack = await startConsoleStack();
    customer = await stack.server.login('customer@example.com');
    [{ accountId }] = await stack.server.ctx.db.query<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE email = $1', ['customer@example.com']) as [{ accountId: number }];
    orders.push(await order([{ type: 'license', product: 'X-Cart', edition: 'Gold', priceCents: 19900 }], 19900));
    stack.server.clock.advance(60_000);
    orders.push(await order([{ type: 'support_points', points: 50, priceCents: 27500 }], 27500));
    client = await SocketClient.connect(stack.web.url);
    await client.call('auth.signIn', { serverUrl: stack.server.url, email: 'billing@example.com', password: 'switchboard' });
    await stack.core.firstSync();
  });
  afterAll(async () => {
    client?.close();
    await stack?.close();
  });

  it('lists pending orders oldest first with the payment state and the account\'s history', async () => {
    const q = await client.call('billing.queue');
    expect(q.orders.map((o: { id: number }) => o.id)).toEqual(orders);
    expect(q.orders[0]).toMatchObject({ accountId, company: "Carla's Crafts Ltd", paymentState: 'paid', status: 'pending', pending: false, amountCents: 19900 });
    expect(q.orders[0].items[0]).toMatchObject({ type: 'license', product: 'X-Cart' });
  });

  it('shows a verification at once, marked pending, and the server activates the license', async () => {
    const [first] = orders;
    await client.call('order.verify', { orderId: first });
    const local = (await client.call('billing.queue')).orders.find((o: { id: number }) => o.id === first);
    expect(local).toMatchObject({ status: 'verified', pending: true });
    await expect.poll(async () => (await stack.server.ctx.db.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [first]))[0]!.status, { ...soon, message: 'order verified on the server' }).toBe('verified');
    // Once synced, it leaves the queue and the account shows the active license with its certificate.
    await expect.poll(async () => (await client.call('billing.queue')).orders.some((o: { id: number }) => o.id === first), { ...soon, message: 'order gone from the queue' }).toBe(false);
    const page = await client.call('account.page', { accountId });
    const license = page.licenses.find((l: { product: string; status: string }) => l.product === 'X-Cart' && l.status === 'active');
    expect(license).toBeDefined();
    const billing = await client.call('billing.account', { accountId });
    expect(billing.certificates[String(license.id)]).toContain('Licensed to: Carla');
    expect(billing.orders.find((o: { id: number }) => o.id === first)).toMatchObject({ status: 'verified', pending: false });
    // The license's history came with it: ordered when the invoice was paid, activated by the verification.
    const history = billing.licenseHistory.filter((e: { licenseId: number }) => e.licenseId === license.id);
    expect(history.map((e: { event: string }) => e.event)).toEqual(['ordered', 'activated']);
    expect(history[1].details).toMatchObject({ orderId: first });
  });

  it('rejects a transfer request with the reason the customer is told', async () => {
    const [license] = await stack.server.ctx.db.query<{ id: number }>(`SELECT id FROM licenses WHERE account_id = $1 AND status = 'active' AND kind = 'main' LIMIT 1`, [accountId]);
    const req = await stack.server.api('POST', `/api/customer/licenses/${license!.id}/transfer`, {
      token: customer, body: { targetUrl: 'https://buyer.example/', targetCompany: 'Buyer Ltd', targetEmail: 'owner@buyer.example' },
    });
    expect(req.status).toBe(200);
    const transfer = await vi.waitFor(async () => {
      const synced = (await client.call('billing.queue')).transfers.find((t: { id: number }) => t.id === req.body.transferId);
      expect(synced, 'transfer synced').toBeDefined();
      return synced;
    }, soon);
    expect(transfer).toMatchObject({ fromCompany: "Carla's Crafts Ltd", targetCompany: 'Buyer Ltd', toAccountId: null, status: 'pending' });
    await client.call('transfer.reject', { transferId: transfer.id, reason: 'Please settle the open invoice first.' });
    await expect
      .poll(async () => (await stack.server.ctx.db.query<{ status: string; reason: string }>('SELECT status, reason FROM license_transfers WHERE id = $1', [transfer.id]))[0], { ...soon, message: 'transfer rejected on the server' })
      .toEqual({ status: 'rejected', reason: 'Please settle the open invoice first.' });
  });

  it('adjusts the points ledger: the line and the balance show at once, then the server\'s copy replaces them', async () => {
    const before = (await client.call('account.page', { accountId })).account.pointsBalance as number;
    await client.call('ledger.adjust', { accountId, points: -7, reason: 'Goodwill correction' });
    const local = await client.call('account.page', { accountId });
    expect(local.account.pointsBalance).toBe(before - 7);
    expect(local.ledger[0]).toMatchObject({ points: -7, reason: 'Goodwill correction' });
    expect(local.ledger[0].id).toBeLessThan(0);
    await expect
      .poll(async () => {
        const page = await client.call('account.page', { accountId });
        return page.ledger[0].id > 0 && page.ledger[0].reason === 'Goodwill correction' && page.account.pointsBalance === before - 7;
      }, { ...soon, message: 'adjustment confirmed' })
      .toBe(true);
    const refused = await client.request('ledger.adjust', { accountId, points: 0, reason: 'nothing' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'points' } });
  });
});
