/**
 * Stripe Checkout beside the fake provider (issue 22), on PGlite and PostgreSQL. Stripe's API
 * cannot be reached here, so one thing is mocked: a local HTTP server answers the library's
 * checkout-session creation call (POST /v1/checkout/sessions) through STRIPE_API_URL. The
 * webhook is the real path: signed with the library's own test helper
 * (`webhooks.generateTestHeaderString`), verified by `webhooks.constructEvent`, its event id
 * the replay key.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/server/config/serverConfig';
import { ensureDemoCatalogue } from '../../src/server/seed/write/catalogue';
import type { CatalogueEntry } from '../../src/shared/catalogue/catalogue';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const webhookSecret = 'whsec_test_switchboard';
const stripe = new Stripe('sk_test_unused');

/** The one mocked call: Stripe's checkout-session creation, answered with a session and its page URL. */
async function fakeStripeApi(): Promise<{ server: Server; url: string; sessions: URLSearchParams[]; idempotencyKeys: string[] }> {
  const sessions: URLSearchParams[] = [];
  const idempotencyKeys: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        res.statusCode = 404;
        return res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `no ${req.method} ${req.url} in this mock` } }));
      }
      sessions.push(new URLSearchParams(body));
      idempotencyKeys.push(String(req.headers['idempotency-key']));
      const id = `cs_test_${sessions.length}`;
      res.end(JSON.stringify({ id, object: 'checkout.session', url: `https://checkout.stripe.test/c/pay/${id}`, payment_status: 'unpaid' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sessions, idempotencyKeys };
}

/** A webhook event as Stripe sends it, and the signature header its library makes. */
function signedEvent(id: string, invoiceId: number, amountTotal: number, type = 'checkout.session.completed') {
  const payload = JSON.stringify({
    id, object: 'event', type, created: 1_790_000_000, api_version: '2025-01-01',
    data: { object: { id: 'cs_test_1', object: 'checkout.session', payment_status: 'paid', amount_total: amountTotal, currency: 'usd', client_reference_id: String(invoiceId), metadata: { invoiceId: String(invoiceId) } } },
  });
  return { payload, header: stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) };
}

describe.each(backends)('Stripe Checkout on %s', (backend) => {
  let s: TestServer;
  let api: Awaited<ReturnType<typeof fakeStripeApi>>;
  let customer: string;
  let keys = 0;
  const one = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await s.ctx.db.query<T>(text, params))[0]!;
  const webhook = (payload: string, header?: string) =>
    s.api('POST', '/api/payments/stripe/webhook', { body: payload, headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) } });

  async function invoice(): Promise<{ id: number; amount: number }> {
    const items = (await s.api<{ items: CatalogueEntry[] }>('GET', '/api/catalogue')).body.items;
    const pack = items.find((i) => i.kind === 'support_points')!;
    const placed = await s.api('POST', '/api/customer/orders/online', { token: customer, body: { orderKey: `stripe-${backend}-${++keys}`, itemId: pack.id, priceCents: pack.priceCents } });
    expect(placed.status).toBe(200);
    return { id: placed.body.invoiceId, amount: pack.priceCents };
  }

  beforeAll(async () => {
    api = await fakeStripeApi();
    s = await startTestServer(backend, { config: { stripeSecretKey: 'sk_test_switchboard', stripeWebhookSecret: webhookSecret, stripeApiUrl: api.url, publicUrl: 'https://account.example' } });
    await ensureDemoCatalogue(s.ctx.db, s.clock.now());
    customer = await s.login('customer@example.com');
  });
  afterAll(async () => {
    await s.close();
    await new Promise((resolve) => api.server.close(resolve));
  });

  it('Pay opens a Stripe Checkout session for the invoice at its amount', async () => {
    const inv = await invoice();
    const pay = await s.api('POST', `/api/customer/invoices/${inv.id}/pay`, { token: customer });
    expect(pay.body).toEqual({ provider: 'stripe', checkout: null, redirectUrl: `https://checkout.stripe.test/c/pay/cs_test_${api.sessions.length}` });
    const sent = api.sessions.at(-1)!;
    expect(sent.get('mode')).toBe('payment');
    expect(sent.get('line_items[0][price_data][unit_amount]')).toBe(String(inv.amount));
    expect(sent.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(sent.get('metadata[invoiceId]')).toBe(String(inv.id));
    expect(sent.get('success_url')).toBe(`https://account.example/invoices?paid=${inv.id}`);
    expect(sent.get('cancel_url')).toBe(`https://account.example/invoices?cancelled=${inv.id}`);
    expect(api.idempotencyKeys.at(-1)).toContain(`invoice-${inv.id}-`);
    // Stripe, not our server, marks it paid: still unpaid until the webhook arrives.
    expect(await one('SELECT status FROM invoices WHERE id = $1', [inv.id])).toEqual({ status: 'unpaid' });
  });

  it('a signed webhook pays the invoice once: its event id is the replay key', async () => {
    const inv = await invoice();
    const { payload, header } = signedEvent(`evt_paid_${backend}`, inv.id, inv.amount);
    const paid = await webhook(payload, header);
    expect(paid).toMatchObject({ status: 200, body: { received: true, outcome: 'paid' } });
    expect(await one('SELECT status, provider_ref AS ref FROM invoices WHERE id = $1', [inv.id])).toEqual({ status: 'paid', ref: `stripe:evt_paid_${backend}` });
    expect(await one('SELECT status FROM orders WHERE id = $1', [paid.body.orderId])).toEqual({ status: 'pending' });

    // Stripe retries a webhook it thinks was lost: the same event changes nothing.
    const again = await webhook(payload, signedEvent(`evt_paid_${backend}`, inv.id, inv.amount).header);
    expect(again.body).toMatchObject({ outcome: 'replayed' });
    expect(await one<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE invoice_id = $1', [inv.id])).toEqual({ n: 1 });
  });

  it('refuses an unsigned, forged or tampered webhook and changes nothing', async () => {
    const inv = await invoice();
    const { payload, header } = signedEvent(`evt_forged_${backend}`, inv.id, inv.amount);
    expect(await webhook(payload)).toMatchObject({ status: 400, body: { error: 'bad_signature', field: 'header.stripe-signature' } });
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    expect(await webhook(payload, forged)).toMatchObject({ status: 400, body: { error: 'bad_signature' } });
    expect(await webhook(payload.replace(`"amount_total":${inv.amount}`, '"amount_total":1'), header)).toMatchObject({ status: 400, body: { error: 'bad_signature' } });
    expect(await one('SELECT status FROM invoices WHERE id = $1', [inv.id])).toEqual({ status: 'unpaid' });
    expect(await s.ctx.db.query('SELECT 1 FROM payment_events WHERE transaction_id = $1', [`evt_forged_${backend}`])).toHaveLength(0);

    // Signed but for another amount: recorded for billing to look at, nothing paid.
    const short = signedEvent(`evt_short_${backend}`, inv.id, inv.amount - 1);
    expect((await webhook(short.payload, short.header)).body).toMatchObject({ outcome: 'amount_mismatch' });
    expect(await one('SELECT status FROM invoices WHERE id = $1', [inv.id])).toEqual({ status: 'unpaid' });
    // Another event type is acknowledged and ignored.
    const other = signedEvent(`evt_other_${backend}`, inv.id, inv.amount, 'checkout.session.expired');
    expect((await webhook(other.payload, other.header)).body).toEqual({ received: true });
  });

  it('is off unless both secrets are set, and says so for one alone', () => {
    expect(configFromEnv({}).stripeSecretKey).toBeUndefined();
    expect(() => configFromEnv({ STRIPE_SECRET_KEY: 'sk_test_x' })).toThrow('set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET');
    expect(() => configFromEnv({ STRIPE_SECRET_KEY: 'sk_test_x' })).not.toThrow('sk_test_x');
  });
});

describe('Stripe off', () => {
  it('the webhook route answers 404 when Stripe is not configured (Pay then uses the fake provider: catalogue.test.ts)', async () => {
    const s = await startTestServer('pglite');
    try {
      const r = await s.api('POST', '/api/payments/stripe/webhook', { body: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' } });
      expect(r.status).toBe(404);
      expect(s.ctx.stripe).toBeNull();
    } finally {
      await s.close();
    }
  });
});
