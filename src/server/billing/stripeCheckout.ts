/**
 * Stripe Checkout, the real payment provider beside the fake one (issue 22): the server
 * creates a Checkout Session for an unpaid invoice and sends the customer to Stripe's page;
 * Stripe's webhook (`checkout.session.completed`) is trusted only when the library verifies
 * its signature, and its event id is the replay key of the payment it records (the same
 * payment_events row the fake provider's callbacks use). On only with both
 * STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET; the secrets are never logged.
 */
import Stripe from 'stripe';
import type { ServerConfig } from '../config/serverConfig';
import { ApiError } from '../http/errors';
import type { PaymentEvent } from './paymentProvider';

export interface CheckoutInvoice {
  id: number;
  description: string;
  amountCents: number;
  currency: string;
}

/** The events that mean a session's payment arrived (cards at once; bank debits later). */
const paidEvents: ReadonlySet<string> = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

export class StripeCheckout {
  readonly name = 'stripe';

  constructor(
    private readonly stripe: Stripe,
    private readonly webhookSecret: string,
  ) {}

  /** The URL of Stripe's payment page for the invoice; back to `urls` after paying or cancelling. */
  async checkoutUrl(inv: CheckoutInvoice, urls: { success: string; cancel: string }): Promise<string> {
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: inv.currency.toLowerCase(), unit_amount: inv.amountCents, product_data: { name: `Invoice #${inv.id}: ${inv.description}`.slice(0, 250) } } }],
          client_reference_id: String(inv.id),
          metadata: { invoiceId: String(inv.id) },
          success_url: urls.success,
          cancel_url: urls.cancel,
        },
        // Pressing Pay twice makes one session for the invoice at its amount.
        { idempotencyKey: `invoice-${inv.id}-${inv.amountCents}-${inv.currency}` },
      );
    } catch (err) {
      // The library's message says what Stripe refused; it holds no secret.
      throw new ApiError(502, 'provider_unavailable', `Stripe did not open a payment page (${(err as Error).message}); nothing was charged, try again later`);
    }
    if (!session.url) throw new ApiError(502, 'provider_unavailable', 'Stripe did not return a payment page; nothing was charged, try again later');
    return session.url;
  }

  /**
   * The payment a webhook reports, once its signature verifies; null for an event that pays
   * nothing (another type, or a session still waiting for its money).
   */
  paymentOf(payload: string, signature: string | undefined): PaymentEvent | null {
    if (!signature) throw new ApiError(400, 'bad_signature', 'header.stripe-signature: the Stripe webhook must be signed', 'header.stripe-signature');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(payload, signature, this.webhookSecret);
    } catch {
      throw new ApiError(400, 'bad_signature', 'header.stripe-signature: the Stripe webhook signature does not verify', 'header.stripe-signature');
    }
    if (!paidEvents.has(event.type)) return null;
    const session = event.data.object as Stripe.Checkout.Session;
    if (session.payment_status !== 'paid') return null;
    const invoiceId = Number(session.metadata?.invoiceId ?? session.client_reference_id);
    if (!Number.isInteger(invoiceId) || invoiceId <= 0) throw new ApiError(400, 'validation_failed', 'body.data.object.metadata.invoiceId: the session names no invoice of ours', 'body.data.object.metadata.invoiceId');
    return { transactionId: event.id, invoiceId, amountCents: session.amount_total ?? 0, currency: (session.currency ?? '').toUpperCase(), paidAt: event.created * 1000 };
  }
}

/** Stripe Checkout when both secrets are set (configFromEnv refuses one alone), else null. */
export function stripeCheckoutFromConfig(config: ServerConfig): StripeCheckout | null {
  if (!config.stripeSecretKey || !config.stripeWebhookSecret) return null;
  const api = config.stripeApiUrl ? new URL(config.stripeApiUrl) : null;
  const stripe = new Stripe(config.stripeSecretKey, {
    maxNetworkRetries: 1,
    timeout: 20_000,
    ...(api ? { host: api.hostname, port: Number(api.port) || (api.protocol === 'https:' ? 443 : 80), protocol: api.protocol === 'https:' ? 'https' : 'http' } : {}),
  });
  return new StripeCheckout(stripe, config.stripeWebhookSecret);
}
