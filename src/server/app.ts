/**
 * Builds one server process: storage, migrations, live hub, every route, the life-cycle
 * scheduler and the email sender. `startServer` is what `npm run server` and the tests call,
 * so tests run the real thing.
 */
import { auditRoutes } from './audit/auditRoutes';
import { staffAdminRoutes } from './staff/staffRoutes';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { authRoutes } from './auth/authRoutes';
import { boundJsonNesting } from './http/jsonBody';
import { checkCsrf, cookieToken, registerBrowserSessions } from './portal/browserSession';
import { isPortalPage, registerPortalPages } from './portal/portalPages';
import { portalSessionRoutes } from './portal/portalSessionRoutes';
import { bearerToken, isDeactivatedSession, userForToken } from './auth/sessions';
import { emailIsOneOf } from './auth/userEmail';
import { ChangeLogTrimmer } from './sync/changeLogRetention';
import { defaultChangeLogRetentionMs, defaultEmailIntervalMs, defaultInbound, defaultLifecycleIntervalMs, publicUrlOf, type ServerConfig } from './config/serverConfig';
import { syncEpoch } from './config/settings';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';
import { queryBuilder } from './db/queryBuilder';
import { EmailSender } from './email/emailSender';
import { localSecret } from './config/localSecret';
import { ReplyTokens } from './email/replyToken';
import { MailIngest } from './email/inbound/ingest';
import { SmtpReceiver } from './email/inbound/smtpReceiver';
import { ImapWatcher } from './email/inbound/imapWatcher';
import { heldMailRoutes } from './email/inbound/heldMail';
import { defaultFrom, transportFromConfig, type MailTransport } from './email/transport';
import { ApiError } from './http/errors';
import { acceptRawBodies } from './http/rawUpload';
import { openApiDocument, registerRoutes, type RouteSpec } from './http/routes';
import { LifecycleScheduler } from './lifecycle/scheduler';
import { lifecycleSettingsRoutes } from './lifecycle/settingsRoutes';
import { systemClock, type Clock, type ServerContext } from './serverContext';
import { SessionChecks } from './auth/sessionChecks';
import { SettingsCache } from './config/settingsCache';
import { LiveHub } from './sync/liveHub';
import { syncRoutes } from './sync/syncRoutes';
import { AccessInfoCipher, accessInfoKey } from './tickets/accessInfoCipher';
import { paymentProviderFromConfig } from './billing/paymentProvider';
import { stripeCheckoutFromConfig } from './billing/stripeCheckout';
import { catalogueRoutes } from './catalogue/catalogueRoutes';
import { forumRoutes } from './forum/forumRoutes';
import { affiliateRoutes } from './affiliates/affiliateRoutes';
import { billingRoutes } from './billing/billingRoutes';
import { licenseRoutes } from './licenses/licenseRoutes';
import { accountRoutes } from './accounts/accountRoutes';
import { accountPrivateRoutes } from './accounts/accountPrivateRoutes';
import { customerTicketRoutes } from './tickets/customerRoutes';
import { accessInfoListRoutes } from './tickets/accessInfoListRoutes';
import { customerEventRoutes } from './sync/customerEvents';
import { ticketIndexRoutes } from './tickets/ticketIndexRoutes';
import { staffTicketRoutes } from './tickets/staffRoutes';
import { demoEmails } from './seed/demoAccounts';
import { openBlobStore } from './files/openBlobStore';
import { importDiskBlobs, importLegacyUpdateFeed } from './files/legacyImport';
import { fileRoutes } from './files/fileRoutes';
import { updateFeedRoutes } from './updates/updateRoutes';
import { sessionRoutes } from './auth/sessionRoutes';
import { twoFactorRoutes } from './auth/twoFactorRoutes';
import { passwordRoutes } from './auth/passwordRoutes';
import { profileRoutes } from './auth/profileRoutes';
import { faqRoutes } from './faq/faqRoutes';
import { newsletterRoutes, registerOneClickUnsubscribe } from './newsletters/newsletterRoutes';
import { NewsletterDispatcher } from './newsletters/newsletterDispatch';
import { NewsletterMails } from './newsletters/newsletterStore';

export const bodyLimitBytes = 1024 * 1024;

export interface RunningServer {
  app: FastifyInstance;
  ctx: ServerContext;
  routes: RouteSpec[];
  url: string;
  /** The timed life-cycle rules; `runDue(now)` runs them once (tests, or a disabled timer). */
  scheduler: LifecycleScheduler;
  /** The outbox's delivery; `runDue(now)` sends what is due once. */
  emailSender: EmailSender;
  /** Hands sent newsletters' recipients to the outbox at the throttle's pace; `runDue(now)` once. */
  newsletterDispatcher: NewsletterDispatcher;
  /** Keeps the change log to its window; `runDue(now)` trims once. */
  changeLogTrimmer: ChangeLogTrimmer;
  /** Where inbound mail goes, from every path (IMAP, SMTP). */
  mailIngest: MailIngest;
  /** The inbound SMTP receiver, when INBOUND_SMTP_PORT is set. */
  smtpReceiver: SmtpReceiver | null;
  /** The support mailbox's watcher, when IMAP_URL is set. */
  imapWatcher: ImapWatcher | null;
  close(): Promise<void>;
}

export function allRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    ...authRoutes(ctx),
    ...portalSessionRoutes(ctx),
    ...ticketIndexRoutes(ctx),
    ...customerTicketRoutes(ctx),
    ...accessInfoListRoutes(ctx),
    ...customerEventRoutes(ctx),
    ...staffTicketRoutes(ctx),
    ...syncRoutes(ctx),
    ...lifecycleSettingsRoutes(ctx),
    ...fileRoutes(ctx),
    ...billingRoutes(ctx),
    ...catalogueRoutes(ctx),
    ...newsletterRoutes(ctx),
    ...forumRoutes(ctx),
    ...affiliateRoutes(ctx),
    ...licenseRoutes(ctx),
    ...accountRoutes(ctx),
    ...accountPrivateRoutes(ctx),
    ...updateFeedRoutes(ctx),
    ...passwordRoutes(ctx),
    ...sessionRoutes(ctx),
    ...twoFactorRoutes(ctx),
    ...profileRoutes(ctx),
    ...faqRoutes(ctx),
    ...staffAdminRoutes(ctx),
    ...auditRoutes(ctx),
    ...heldMailRoutes(ctx),
  ];
}

async function refuseDemoAccountsInProduction(db: Database, config: ServerConfig): Promise<void> {
  if (!config.production) return;
  const rows = await queryBuilder(db)
    .selectFrom('users')
    .select('email')
    .where((eb) => emailIsOneOf(eb, demoEmails))
    .execute();
  if (rows.length) throw new Error(`NODE_ENV=production but the database holds demo accounts (${rows.map((r) => r.email).join(', ')}) whose password is public; remove them first`);
}

export interface StartOptions {
  clock?: Clock;
  db?: Database;
  listen?: boolean;
  /** Replaces the transport chosen from the configuration (tests capture emails with it). */
  mailTransport?: MailTransport;
}

export async function startServer(config: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const db = opts.db ?? (await openDatabase(config));
  await migrate(db);
  await refuseDemoAccountsInProduction(db, config);
  // Read the key before anything opens listeners, so a refused start leaks nothing.
  const accessInfo = new AccessInfoCipher(accessInfoKey(config));
  const live = await LiveHub.start(db);
  const settings = await SettingsCache.start(db);
  const clock = opts.clock ?? systemClock;
  const ctx: ServerContext = {
    db, config, live, clock, settings,
    sessionChecks: new SessionChecks(db, () => clock.now()),
    accessInfo,
    payments: paymentProviderFromConfig(config),
    stripe: stripeCheckoutFromConfig(config),
    epoch: await syncEpoch(db),
    // In PostgreSQL when the server runs on it (every process shares it), else DATA_DIR/blobs.
    blobs: openBlobStore(config, db),
    replyTokens: new ReplyTokens(localSecret(config, 'reply-token')),
  };
  // What older versions kept on disk moves into this store once, before anything is served.
  await importDiskBlobs(ctx);
  await importLegacyUpdateFeed(ctx);
  // forceCloseConnections: open SSE streams must not keep a closing server alive.
  const app = Fastify({
    bodyLimit: bodyLimitBytes,
    logger: false,
    forceCloseConnections: true,
    // Errors fastify answers before any route (a malformed URL, a bad content type header) in the API's shape.
    frameworkErrors: (err, _request, res) => {
      const reply = res as unknown as FastifyReply;
      const e = err as { code?: string; statusCode?: number; message: string };
      if (e.code === 'FST_ERR_BAD_URL') return reply.code(400).send({ error: 'bad_url', field: 'url', message: 'url: not a valid URL (a malformed percent-encoding?)' });
      return reply.code(e.statusCode && e.statusCode < 500 ? e.statusCode : 400).send({ error: 'bad_request', message: e.message });
    },
  });
  // The API speaks JSON only: text/plain bodies get a 415 rather than a confusing 400.
  app.removeContentTypeParser('text/plain');
  boundJsonNesting(app);
  // Raw-byte uploads (update feed installers, file-area files) are streamed, not buffered;
  // routes with `rawBody: true` get the stream (rawUpload.ts). Registered once for all of them.
  acceptRawBodies(app);
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(err.toJSON());
    const e = err as { code?: string; statusCode?: number; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: 'body_too_large', field: 'body', message: `body: larger than the limit of ${bodyLimitBytes} bytes` });
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send({ error: 'unsupported_media_type', field: 'body', message: 'body: send application/json' });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send({ error: 'bad_request', field: 'body', message: `body: ${e.message}` });
    console.error(err);
    return reply.code(500).send({ error: 'internal', message: 'internal server error' });
  });
  await registerBrowserSessions(app, config);
  const portal = await registerPortalPages(app, config);
  // Page URLs of the portal (deep links, email links) get its page; anything else a JSON 404.
  app.setNotFoundHandler((request, reply) =>
    isPortalPage(request) ? portal.sendPage(reply) : reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
  const routes = allRoutes(ctx);
  registerRoutes(app, routes, async (request) => {
    const bearer = bearerToken(request.headers.authorization);
    const cookie = bearer ? null : cookieToken(request);
    const token = bearer ?? cookie;
    const user = token ? await userForToken(db, token, ctx.clock.now()) : null;
    if (!user && token && (await isDeactivatedSession(db, token, ctx.clock.now()))) {
      throw new ApiError(401, 'account_deactivated', 'an admin deactivated this account; its sessions have ended');
    }
    return user ? { user, byCookie: cookie !== null } : null;
  }, checkCsrf);
  await registerOneClickUnsubscribe(app, ctx);
  app.get('/health', async () => ({ ok: true, engine: db.engine }));
  const doc = openApiDocument(routes, { title: 'Switchboard helpdesk API', version: '1' });
  app.get('/openapi.json', async () => doc);
  let url = '';
  if (opts.listen !== false) url = await app.listen({ port: config.port, host: config.host });
  const scheduler = new LifecycleScheduler(ctx, publicUrlOf(config));
  scheduler.start(config.lifecycleIntervalMs ?? defaultLifecycleIntervalMs);
  const emailSender = new EmailSender(db, ctx.clock, opts.mailTransport ?? transportFromConfig(config), {
    from: config.smtpFrom ?? defaultFrom,
    messageIdScope: ctx.epoch,
    intervalMs: config.emailIntervalMs ?? defaultEmailIntervalMs,
    tokens: ctx.replyTokens,
    replyToAddress: config.replyToAddress ?? null,
    newsletters: new NewsletterMails(db, publicUrlOf(config)),
  });
  await emailSender.start();
  const newsletterDispatcher = new NewsletterDispatcher(db, ctx.clock, { intervalMs: config.emailIntervalMs ?? defaultEmailIntervalMs });
  await newsletterDispatcher.start();
  const changeLogTrimmer = new ChangeLogTrimmer(db, () => ctx.clock.now(), config.changeLogRetentionMs ?? defaultChangeLogRetentionMs);
  changeLogTrimmer.start();
  const mailIngest = new MailIngest(ctx);
  const smtpReceiver = config.inboundSmtpPort === undefined ? null
    : new SmtpReceiver(mailIngest, { host: config.inboundSmtpHost ?? '127.0.0.1', port: config.inboundSmtpPort, maxBytes: mailIngest.limits.maxBytes, lmtp: config.inboundLmtp ?? false });
  await smtpReceiver?.start();
  const imapWatcher = config.imapUrl ? new ImapWatcher(mailIngest, { url: config.imapUrl, pollMs: config.imapPollMs ?? defaultInbound.imapPollMs }) : null;
  imapWatcher?.start();
  return {
    app, ctx, routes, url, scheduler, emailSender, newsletterDispatcher, changeLogTrimmer, mailIngest, smtpReceiver, imapWatcher,
    close: async () => {
      // Inbound first: nothing may start a ticket write while the rest shuts down.
      await smtpReceiver?.stop();
      await imapWatcher?.stop();
      await changeLogTrimmer.stop();
      await scheduler.stop();
      await newsletterDispatcher.stop();
      await emailSender.stop();
      await app.close();
      await live.stop();
      await settings.stop();
      if (!opts.db) await db.close();
    },
  };
}
