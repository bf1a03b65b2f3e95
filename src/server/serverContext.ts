/** What every route and job of one server process shares. */
import type { Database } from './db/database';
import type { ServerConfig } from './config/serverConfig';
import type { AccessInfoCipher } from './tickets/accessInfoCipher';
import type { PaymentProvider } from './billing/paymentProvider';
import type { StripeCheckout } from './billing/stripeCheckout';
import type { LiveHub } from './sync/liveHub';
import type { SettingsCache } from './config/settingsCache';
import type { BlobStore } from './files/blobStore';
import type { ReplyTokens } from './email/replyToken';
import type { SessionChecks } from './auth/sessionChecks';

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export interface ServerContext {
  db: Database;
  clock: Clock;
  config: ServerConfig;
  accessInfo: AccessInfoCipher;
  /** The sync epoch of this database (SYNC.md cursors). */
  epoch: string;
  live: LiveHub;
  /** Admin-editable settings, kept until a save anywhere drops them. */
  settings: SettingsCache;
  /** The live streams' session checks, batched (a poke reaches every stream at once). */
  sessionChecks: SessionChecks;
  /** File contents by sha256 (file area, ticket attachments, held mail, console installers): in PostgreSQL or DATA_DIR/blobs (blobStore.ts). */
  blobs: BlobStore;
  /** Verifies the payment provider's signed callbacks. */
  payments: PaymentProvider;
  /** Stripe Checkout, when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set; null otherwise. */
  stripe: StripeCheckout | null;
  /** Signs and checks the per-ticket token of notification Reply-To addresses. */
  replyTokens: ReplyTokens;
}
