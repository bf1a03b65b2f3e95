/**
 * The payment provider adapter. A provider sends a callback when an invoice is paid; it is
 * trusted only when its signature verifies (HMAC-SHA256 of the exact payload text with the
 * shared secret, compared in constant time). The demo and the tests use a fake provider that
 * signs its callbacks the same way, so the verifying code is the real one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { localSecret } from '../config/localSecret';
import type { ServerConfig } from '../config/serverConfig';
import { ApiError, nulError, nulField } from '../http/errors';

/** What a provider tells us about one payment. */
export const PaymentEvent = z.strictObject({
  /** The provider's own id of the payment; a second callback with it is a replay. */
  transactionId: z.string().min(1).max(200),
  invoiceId: z.number().int().positive(),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3),
  paidAt: z.number().int().positive(),
});
export type PaymentEvent = z.infer<typeof PaymentEvent>;

/** The callback as posted: the event as JSON text, and the signature of exactly that text. */
export const PaymentCallback = z.strictObject({
  payload: z.string().min(2).max(10_000),
  signature: z.string().regex(/^[0-9a-f]{64}$/, 'must be the hex HMAC-SHA256 of payload'),
});
export type PaymentCallback = z.infer<typeof PaymentCallback>;

export class PaymentProvider {
  constructor(
    readonly name: string,
    private readonly secret: Buffer,
  ) {}

  sign(event: PaymentEvent): PaymentCallback {
    const payload = JSON.stringify(event);
    return { payload, signature: createHmac('sha256', this.secret).update(payload).digest('hex') };
  }

  /** The event of a callback whose signature verifies; otherwise a 401 that changes nothing. */
  verify(callback: PaymentCallback): PaymentEvent {
    const expected = createHmac('sha256', this.secret).update(callback.payload).digest();
    const given = Buffer.from(callback.signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError(401, 'bad_signature', 'the payment callback signature does not verify', 'body.signature');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(callback.payload);
    } catch {
      throw new ApiError(400, 'validation_failed', 'body.payload: must be JSON', 'body.payload');
    }
    const event = PaymentEvent.safeParse(parsed);
    if (!event.success) throw new ApiError(400, 'validation_failed', `body.payload: ${event.error.issues[0]!.path.join('.')}: ${event.error.issues[0]!.message}`, 'body.payload');
    // The payload's own text escapes a NUL as \u0000, which the body's check cannot see; PostgreSQL cannot store it.
    const nul = nulField(event.data, 'body.payload');
    if (nul) throw nulError(nul);
    return event.data;
  }
}

/** PAYMENT_SECRET, or outside production a local secret so the demo's fake provider works. */
export function paymentProviderFromConfig(config: ServerConfig): PaymentProvider {
  if (config.paymentSecret) return new PaymentProvider('provider', Buffer.from(config.paymentSecret, 'utf8'));
  if (config.production) throw new Error('set PAYMENT_SECRET (the secret the payment provider signs its callbacks with) in production');
  return new PaymentProvider('fake', Buffer.from(localSecret(config, 'payment.key'), 'base64'));
}
