/** The server's configuration, from the environment, checked once at start. */
import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** How long a start waits for PostgreSQL to accept connections (DATABASE_WAIT_MS; default 60 s): it may be starting or recovering too. */
  databaseWaitMs?: number;
  /**
   * Where blobs (file-area files, attachments, held mail, console installers) live
   * (BLOB_STORE): `database` (chunked rows, shared by every server process; the default on
   * PostgreSQL) or `disk` (DATA_DIR/blobs; the default on the embedded database).
   */
  blobStore?: 'disk' | 'database';
  production: boolean;
  /** 32-byte key for access info (AES-256-GCM): ACCESS_INFO_KEY (base64) or ACCESS_INFO_KEY_FILE. */
  accessInfoKey?: string;
  accessInfoKeyFile?: string;
  /** SMTP server for customer notifications; unset: each email is written as an .eml file into DATA_DIR/mail. */
  smtpHost?: string;
  /** Default 587 (465 with smtpSecure). */
  smtpPort?: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  smtpSecure?: boolean;
  smtpUser?: string;
  smtpPass?: string;
  /** The From of every notification. */
  smtpFrom?: string;
  /** Base URL of the customer account site; each email links to `<publicUrl>/tickets/<number>`. */
  publicUrl?: string;
  /** How often the life-cycle scheduler looks for due tickets, ms; 0 turns it off in this process. */
  lifecycleIntervalMs?: number;
  /** How often the email sender looks for due retries, ms (new emails wake it at once); 0 turns it off. */
  emailIntervalMs?: number;
  /** How long the sync change log keeps a change, ms (CHANGE_LOG_RETENTION_MS; default 30 days); a console offline longer bootstraps again. */
  changeLogRetentionMs?: number;
  /** Largest file a customer or admin may upload to the file area or a ticket, bytes (FILE_UPLOAD_MAX_BYTES; default 100 MB). */
  fileUploadMaxBytes?: number;
  /** Largest console installer an admin may upload to the update feed, bytes (UPDATE_MAX_BYTES; default 1 GiB). */
  updateMaxBytes?: number;
  /** Shared secret the payment provider signs its callbacks with (PAYMENT_SECRET); required in production. */
  paymentSecret?: string;
  /** Stripe Checkout (STRIPE_SECRET_KEY, a secret key `sk_...`); unset: Stripe is off. Needs stripeWebhookSecret too. */
  stripeSecretKey?: string;
  /** The signing secret of the Stripe webhook endpoint `/api/payments/stripe/webhook` (STRIPE_WEBHOOK_SECRET, `whsec_...`). */
  stripeWebhookSecret?: string;
  /** Another Stripe API base (STRIPE_API_URL, e.g. a stripe-mock at http://localhost:12111); default Stripe's own. */
  stripeApiUrl?: string;
  /** Signs the portal's CSRF-secret cookie (COOKIE_SECRET); else made once in DATA_DIR/secrets. */
  cookieSecret?: string;
  /**
   * The Reply-To of ticket notifications, with `<token>` where the ticket's signed token goes
   * (REPLY_TO_ADDRESS, e.g. `support+<token>@vendor.example`); unset: no Reply-To.
   */
  replyToAddress?: string;
  /** Port of the inbound SMTP receiver (INBOUND_SMTP_PORT); unset: no receiver. */
  inboundSmtpPort?: number;
  /** Address the inbound SMTP receiver listens on (INBOUND_SMTP_HOST; default 127.0.0.1). */
  inboundSmtpHost?: string;
  /** The receiver speaks LMTP (RFC 2033) instead of SMTP (INBOUND_SMTP_LMTP=true), for an MTA that delivers by LMTP. */
  inboundLmtp?: boolean;
  /** The mailbox to watch for customer mail (IMAP_URL, `imap[s]://user:pass@host:port/INBOX`); unset: no watcher. */
  imapUrl?: string;
  /** How often the IMAP watcher checks besides IDLE, ms (IMAP_POLL_MS; default 60 s). */
  imapPollMs?: number;
  /** Largest inbound mail, bytes (INBOUND_MAX_BYTES; default 25 MB): refused in the SMTP dialogue, held and answered from IMAP. */
  inboundMaxBytes?: number;
  /** More mails than this from one sender within the window are held (INBOUND_FLOOD_LIMIT; default 20). */
  inboundFloodLimit?: number;
  /** INBOUND_FLOOD_WINDOW_MS; default 10 minutes. */
  inboundFloodWindowMs?: number;
  /** The authserv-id of our own MTA's Authentication-Results header (INBOUND_AUTHSERV_ID); unset: none is trusted. */
  inboundAuthservId?: string;
  /** The built customer portal served at `/` (PORTAL_DIR; default out/portal, built by `npm run build`). */
  portalDir?: string;
}

export const defaultLifecycleIntervalMs = 30_000;
export const defaultEmailIntervalMs = 10_000;
export const defaultChangeLogRetentionMs = 30 * 86_400_000;
export const defaultInbound = { maxBytes: 25 * 1024 * 1024, floodLimit: 20, floodWindowMs: 10 * 60_000, imapPollMs: 60_000 };

function whole(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function trueOrFalse(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'true' && raw !== 'false') throw new Error(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

function url(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function replyTo(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.REPLY_TO_ADDRESS;
  if (!raw) return undefined;
  if (!/^[^\s@<>]*<token>[^\s@<>]*@[^\s@<>]+$/.test(raw)) throw new Error(`REPLY_TO_ADDRESS must be an address with <token> in its local part, e.g. support+<token>@vendor.example, got "${raw}"`);
  return raw;
}

function imapUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.IMAP_URL;
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // The URL holds a password: never echo it.
    throw new Error('IMAP_URL must be a URL like imaps://user:pass@host:993/INBOX');
  }
  if ((u.protocol !== 'imap:' && u.protocol !== 'imaps:') || !u.username || !u.hostname) throw new Error('IMAP_URL must be a URL like imaps://user:pass@host:993/INBOX');
  return raw;
}

/** Stripe is on with both of its secrets, off with neither; one alone is a mistake said at start. */
function stripe(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'stripeSecretKey' | 'stripeWebhookSecret' | 'stripeApiUrl'> {
  const key = env.STRIPE_SECRET_KEY || undefined;
  const secret = env.STRIPE_WEBHOOK_SECRET || undefined;
  // Never echo the values: they are secrets.
  if (!key !== !secret) throw new Error('set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for Stripe Checkout, or neither');
  return { stripeSecretKey: key, stripeWebhookSecret: secret, stripeApiUrl: url(env, 'STRIPE_API_URL') };
}

function blobStoreOf(env: NodeJS.ProcessEnv): ServerConfig['blobStore'] {
  const v = env.BLOB_STORE || undefined;
  if (v === undefined || v === 'disk' || v === 'database') return v;
  throw new Error(`BLOB_STORE must be "disk" or "database", got "${v}"`);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseWaitMs: whole(env, 'DATABASE_WAIT_MS', 0, 3_600_000),
    blobStore: blobStoreOf(env),
    production: env.NODE_ENV === 'production',
    accessInfoKey: env.ACCESS_INFO_KEY || undefined,
    accessInfoKeyFile: env.ACCESS_INFO_KEY_FILE || undefined,
    smtpHost: env.SMTP_HOST || undefined,
    smtpPort: whole(env, 'SMTP_PORT', 1, 65535),
    smtpSecure: trueOrFalse(env, 'SMTP_SECURE'),
    smtpUser: env.SMTP_USER || undefined,
    smtpPass: env.SMTP_PASS || undefined,
    smtpFrom: env.SMTP_FROM || undefined,
    publicUrl: url(env, 'PUBLIC_URL'),
    lifecycleIntervalMs: whole(env, 'LIFECYCLE_INTERVAL_MS', 0, 86_400_000),
    emailIntervalMs: whole(env, 'EMAIL_INTERVAL_MS', 0, 86_400_000),
    changeLogRetentionMs: whole(env, 'CHANGE_LOG_RETENTION_MS', 1000, 3650 * 86_400_000),
    fileUploadMaxBytes: whole(env, 'FILE_UPLOAD_MAX_BYTES', 1, 64 * 1024 ** 3),
    updateMaxBytes: whole(env, 'UPDATE_MAX_BYTES', 1, 8 * 1024 ** 3),
    paymentSecret: env.PAYMENT_SECRET || undefined,
    cookieSecret: env.COOKIE_SECRET || undefined,
    ...stripe(env),
    replyToAddress: replyTo(env),
    inboundSmtpPort: whole(env, 'INBOUND_SMTP_PORT', 0, 65535),
    inboundSmtpHost: env.INBOUND_SMTP_HOST || undefined,
    inboundLmtp: trueOrFalse(env, 'INBOUND_SMTP_LMTP'),
    imapUrl: imapUrl(env),
    imapPollMs: whole(env, 'IMAP_POLL_MS', 1000, 86_400_000),
    inboundMaxBytes: whole(env, 'INBOUND_MAX_BYTES', 1024, 1024 ** 3),
    inboundFloodLimit: whole(env, 'INBOUND_FLOOD_LIMIT', 1, 1_000_000),
    inboundFloodWindowMs: whole(env, 'INBOUND_FLOOD_WINDOW_MS', 1000, 86_400_000),
    inboundAuthservId: env.INBOUND_AUTHSERV_ID?.trim() || undefined,
    portalDir: env.PORTAL_DIR ? path.resolve(env.PORTAL_DIR) : undefined,
  };
}

/** The base of the ticket links in customer emails. */
export function publicUrlOf(config: ServerConfig): string {
  return config.publicUrl ?? `http://localhost:${config.port || 8787}`;
}
