/**
 * The console API: every operation the renderer may ask of the main process, with the zod
 * schemas of its input and output. Main validates every request's input and every answer's
 * output against it (src/main/console); the preload and the WebSocket client are typed by it;
 * `Handlers` makes a missing handler a compile error.
 *
 * Reads are served from the local cache and work offline. Ticket actions are local actions:
 * they change the cache at once and return a receipt; the server's verdict arrives through
 * sync (a refusal rolls the change back and shows up in `outbox.failures`).
 */
import { PasswordChangeBody } from '../api/profile';
import { OwnSessionSchema, twoFactorCode, TwoFactorConfirmBody, TwoFactorDisableBody, TwoFactorEnrolmentSchema, TwoFactorSettingBody, TwoFactorStatusSchema } from '../api/signInSecurity';
import { z } from 'zod';
import { AccountPrivateData } from '../api/accountPrivateData';
import { HeldMailList } from '../api/heldMail';
import { mutationArgs, MutationName, PresenceActivity, syncEntities } from '../sync/protocol';
import type { EventName, OperationName } from './operations';
import {
  AccessInfoEntries,
  AccountPage,
  ActionReceipt,
  DashboardStats,
  Directory,
  FailedAction,
  FaqArticle,
  QueueCursor,
  QueueFilters,
  QueuePage,
  QueueSort,
  QueueViewId,
  SortedCursor,
  QueueViewInfo,
  SearchHit,
  SearchOrder,
  SessionInfo,
  SyncStatus,
  TicketDetail,
  TicketSummary,
  UpdateStatus,
} from './schemas';
import { AccountBilling, BillingQueue } from './billingSchemas';
import { FetchedFile, FileProgress, FileRef, FileTree, OpenedFile, StageUploadInput, UploadItem } from './fileSchemas';
import { StaffFileArea } from '../api/files';
import { LifecycleSettingsBody } from '../api/adminSettings';
import { AuditPage, AuditQuery, TeamResponse } from '../api/staffAdmin';
import { AdminCatalogue } from '../catalogue/catalogue';
import { AdminNewsletters } from '../newsletters/newsletters';
import { ForumCategoryList, ForumCursor, ForumThreadList, ForumThreadPage, forumLimits } from '../forum/forum';
import { AffiliateSettings, PayoutQueue } from '../affiliates/affiliates';

export interface OperationSpec {
  input: z.ZodType;
  output: z.ZodType;
}

const none = z.strictObject({});

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
const ticketRef = z.strictObject({ ticketId: z.number().int().positive() });
const done = z.object({ ok: z.literal(true) });

/** A local ticket action: the mutation's own argument schema in, a receipt out. */
const localAction = <N extends MutationName>(name: N) => ({ input: mutationArgs[name], output: ActionReceipt });

export const consoleContract = {
  /**
   * Signs in to a helpdesk server with a staff account and starts syncing its data into the
   * local cache. Errors: `wrong_credentials`, `rate_limited` (with `retryAfterSeconds`),
   * `server_unreachable`, `not_staff`; with two-factor `two_factor_required` (send again with
   * `code`), `two_factor_enrolment_required` (with `twoFactorEnrolment`: scan, then send the
   * first code; the answer has the recovery codes) and `wrong_code`.
   */
  'auth.signIn': {
    input: z.strictObject({
      serverUrl: z.string().trim().max(500).refine(isHttpUrl, 'must be an http(s) URL such as https://helpdesk.example.com'),
      email: z.string().trim().min(1, 'must not be empty').max(254),
      password: z.string().min(1, 'must not be empty').max(1000),
      code: twoFactorCode.optional(),
    }),
    output: SessionInfo,
  },
  /** Ends the session on the server (when reachable) and forgets the token. The cache stays for the next sign-in. */
  'auth.signOut': { input: none, output: done },
  /** The current session, or null when signed out (a saved session resumes at start, also offline). */
  'auth.session': { input: none, output: SessionInfo.nullable() },
  /** What the sign-in form starts with: the server this console was started for (null: none given). */
  'auth.defaults': { input: none, output: z.object({ serverUrl: z.string().nullable() }) },

  /** Online/offline, first-sync progress, outbox count, last error, last sync time. Also pushed as `syncStatus`. */
  'sync.status': { input: none, output: SyncStatus },
  /** Pushes the outbox and pulls now (a "retry" button); never fails for being offline. */
  'sync.now': { input: none, output: SyncStatus },

  /** The queue views this user has (DOMAIN.md), each with its live count. */
  'queue.views': { input: none, output: z.array(QueueViewInfo) },
  /**
   * One page of a queue view, filtered, in queue order (HotRush, score, due time, number) or in
   * `sort` order; page on with `cursor` (the page's `nextCursor`, which fits its sort), or jump
   * to any row with `offset` (the grid's scrollbar).
   */
  'queue.list': {
    input: z.strictObject({
      view: QueueViewId,
      filters: QueueFilters.optional(),
      sort: QueueSort.default('queue'),
      cursor: z.union([QueueCursor, SortedCursor]).nullable().optional(),
      offset: z.number().int().min(0).max(100_000_000).optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: QueuePage,
  },
  /** How many tickets a view holds with these filters (the grid's length). */
  'queue.count': {
    input: z.strictObject({ view: QueueViewId, filters: QueueFilters.optional() }),
    output: z.object({ count: z.number().int() }),
  },
  /** A ticket with its conversation, attachments, refused local actions and who else is on it. Error: `not_found`. */
  'ticket.detail': { input: ticketRef, output: TicketDetail },
  /** A ticket by its human number (#104233), for the command palette and merge; null when the cache has none. */
  'ticket.byNumber': { input: z.strictObject({ number: z.number().int().positive() }), output: TicketSummary.nullable() },
  /** Queue figures for the dashboard (open by status and department, breaches and HotRush volume per day over the last `days`, oldest new ticket), from the cache. */
  'dashboard.stats': {
    input: z.strictObject({ days: z.union([z.literal(7), z.literal(14), z.literal(30)], { message: 'must be 7, 14 or 30' }).default(14) }),
    output: DashboardStats,
  },
  /** Full-text search over ticket subjects, messages and FAQ articles in the cache: one result per ticket (its matching messages grouped) or article, best first or newest first. */
  'search.query': {
    input: z.strictObject({
      text: z.string().max(200, 'must be at most 200 characters'),
      limit: z.number().int().min(1).max(100).default(20),
      order: SearchOrder.default('relevance'),
    }),
    output: z.array(SearchHit),
  },
  /** The customer sidebar: account, users, licenses, points and ledger, standing, other tickets. Error: `not_found`. */
  'account.page': { input: z.strictObject({ accountId: z.number().int().positive() }), output: AccountPage },
  /** Departments and active staff, for pickers and names. */
  'directory.get': { input: none, output: Directory },
  /** FAQ articles matching the words (all articles, by title, when the text is empty), to insert into replies. */
  'faq.search': {
    input: z.strictObject({ text: z.string().max(200, 'must be at most 200 characters'), limit: z.number().int().min(1).max(100).default(20) }),
    output: z.array(FaqArticle),
  },

  /** Dispatcher: sets type, department, cost (0 = free), optionally priority and assignee; new → open. */
  'ticket.classify': localAction('ticket.classify'),
  /** Dispatcher: moves a ticket to another department (and type). */
  'ticket.forward': localAction('ticket.forward'),
  /** Takes the ticket for oneself. */
  'ticket.claim': localAction('ticket.claim'),
  /** Dispatcher: assigns to a staff member, or unassigns (null). */
  'ticket.assign': localAction('ticket.assign'),
  /** A public reply to the customer (`close`: reply and close). Shown at once as pending. */
  'ticket.reply': localAction('ticket.reply'),
  /** An internal note, never shown to the customer. */
  'ticket.note': localAction('ticket.note'),
  'ticket.setPriority': localAction('ticket.setPriority'),
  'ticket.setHotRush': localAction('ticket.setHotRush'),
  'ticket.close': localAction('ticket.close'),
  /** Within the reopen window (DOMAIN.md). */
  'ticket.reopen': localAction('ticket.reopen'),
  /** Cross-posting: moves this ticket's messages into `intoTicketId` and closes it, free of charge. */
  'ticket.merge': localAction('ticket.merge'),
  /** Makes one message of the ticket a new ticket of the same account. */
  'ticket.split': localAction('ticket.split'),

  /** Billing: the queues of pending work (orders oldest first, transfer and URL-change requests, unpaid invoices, negative balances). */
  'billing.queue': { input: none, output: BillingQueue },
  /** Billing: an account's orders, invoices, transfer and URL-change requests and license certificates. */
  'billing.account': { input: z.strictObject({ accountId: z.number().int().positive() }), output: AccountBilling },
  /** Billing: verifies a pending order (its licenses become active, points are credited, the customer is told). */
  'order.verify': localAction('order.verify'),
  /** Billing: rejects a pending order with the reason the customer is told. */
  'order.reject': localAction('order.reject'),
  /** Billing: issues an invoice to an account (the customer is told). */
  'invoice.issue': localAction('invoice.issue'),
  /** Billing: withdraws an unpaid invoice. */
  'invoice.cancel': localAction('invoice.cancel'),
  /** Billing: approves a license transfer (the license and the points move; the target must accept). */
  'transfer.approve': localAction('transfer.approve'),
  /** Billing: rejects a license transfer request with a reason. */
  'transfer.reject': localAction('transfer.reject'),
  /** Billing: approves a license URL change (certificate reissued, the log ticket gets an entry). */
  'urlChange.approve': localAction('urlChange.approve'),
  /** Billing: rejects a license URL change request with a reason. */
  'urlChange.reject': localAction('urlChange.reject'),
  /** Billing: a points ledger adjustment (positive credits, negative debits) with its reason. */
  'ledger.adjust': localAction('ledger.adjust'),

  /** Dispatchers: the held inbound mail, read from the server (never cached: it holds strangers' mail). */
  'heldMail.list': { input: none, output: HeldMailList },
  /** An account's ledger and certificates from the server, for staff who may read them but do not cache them (online only). */
  'account.privateData': { input: z.strictObject({ accountId: z.number().int().positive() }), output: AccountPrivateData },
  /** Dispatchers: files a held mail into a ticket as the customer's message. */
  'heldMail.accept': localAction('heldMail.accept'),
  /** Dispatchers: starts a ticket on an account with a held mail. */
  'heldMail.startTicket': localAction('heldMail.startTicket'),
  /** Dispatchers: discards a held mail (it stays in the inbound log). */
  'heldMail.discard': localAction('heldMail.discard'),

  /** Local actions the server refused, oldest first (with the reason). */
  'outbox.failures': { input: none, output: z.array(FailedAction) },
  /** Performs a refused action again (as a new local action) and drops the refusal. */
  'outbox.retry': { input: z.strictObject({ mutationId: z.number().int().positive() }), output: ActionReceipt },
  /** The user has read why an action was refused. */
  'outbox.dismiss': { input: z.strictObject({ mutationId: z.number().int().positive() }), output: done },
  /**
   * Undo: cancels actions still in their undo window (by the receipts' `undo.key`), so the
   * server never sees them, and takes their effects off the cache; works offline. Error
   * `undo_too_late` when none of them is held any more (already sent).
   */
  'outbox.undo': { input: z.strictObject({ keys: z.array(z.string().min(1).max(64)).min(1).max(500) }), output: z.object({ undone: z.number().int() }) },

  /**
   * A ticket's access info, fetched from the server on demand (online only) and never cached.
   * The server allows the assigned engineer or an admin and logs every reveal.
   */
  'accessInfo.reveal': { input: ticketRef, output: AccessInfoEntries },
  /** Tells other consoles that this user views, replies to, or left a ticket. Best effort: `delivered` is false offline. */
  'presence.set': {
    input: z.strictObject({ ticketId: z.number().int().positive(), activity: PresenceActivity }),
    output: z.object({ delivered: z.boolean() }),
  },

  /**
   * Admins: the life-cycle periods and targets (all in ms) and the HotRush surcharge, read from
   * the server (online only). Errors: `forbidden` for other roles, `server_unreachable` offline.
   */
  'settings.getLifecycle': { input: none, output: LifecycleSettingsBody },
  /**
   * Admins: replaces the life-cycle settings on the server (online only) and answers with what
   * it stored. New values apply to clocks started after the save; deadlines already running
   * keep theirs. Bad values are refused naming the field (`turnaroundMs.major`) and the reason.
   */
  'settings.saveLifecycle': { input: LifecycleSettingsBody, output: LifecycleSettingsBody },
  /** Admins: the affiliate program's commission, referral window and support point value, read from the server (online only). */
  'settings.getAffiliate': { input: none, output: AffiliateSettings },
  /**
   * Admins: replaces the affiliate program settings on the server (online only; audited) and
   * answers with what it stored. A new commission applies to orders verified after the save.
   * Bad values are refused naming the field (`commissionPercent`) and the reason.
   */
  'settings.saveAffiliate': { input: AffiliateSettings, output: AffiliateSettings },

  /** Own sign-in security (online only): the own sessions on the server, newest use first. */
  'security.sessions': { input: none, output: z.object({ sessions: z.array(OwnSessionSchema) }) },
  /** Ends one of the own sessions (another device). Error: `not_found`. */
  'security.endSession': { input: z.strictObject({ sessionId: z.number().int().positive() }), output: done },
  /** Ends every own session on the server, this console's too, which then signs out. */
  'security.signOutEverywhere': { input: none, output: done },
  /** Own two-factor status, and whether the admin requires it for all staff. */
  'security.twoFactor': { input: none, output: TwoFactorStatusSchema },
  /** Starts setting up two-factor: the QR code (an SVG data URL) and the key. Error: `two_factor_on`. */
  'security.enrolTwoFactor': { input: none, output: TwoFactorEnrolmentSchema },
  /** Turns two-factor on with the first code; the ten recovery codes, shown once. Error: `wrong_code`. */
  'security.confirmTwoFactor': { input: TwoFactorConfirmBody, output: z.object({ recoveryCodes: z.array(z.string()) }) },
  /** Turns own two-factor off (the password first). Errors: `wrong_password`, `two_factor_required`. */
  'security.disableTwoFactor': { input: TwoFactorDisableBody, output: TwoFactorStatusSchema },
  /** Admins: require two-factor for all staff (staff without it are signed out). Error: `two_factor_off` (the admin's own first). */
  'security.setTwoFactorRequired': { input: TwoFactorSettingBody, output: TwoFactorStatusSchema },
  /** Changes the own password (the current one first; the shared policy checks the new one): every other session ends, this console stays signed in. Errors: `wrong_password`, `weak_password`. */
  'security.changePassword': { input: PasswordChangeBody, output: z.object({ ok: z.literal(true), sessionsEnded: z.number() }) },
  /** Admins: invites a person (a user without a password; an emailed link, valid an hour, sets it). Refused later if the email signs in already. */
  'staff.invite': localAction('staff.invite'),
  /** Admins: sends a pending invitation again (the earlier link stops working). */
  'staff.resendInvitation': localAction('staff.resendInvitation'),
  /** Admins: withdraws a pending invitation (the invited user goes). */
  'staff.cancelInvitation': localAction('staff.cancelInvitation'),
  /** Admins: changes a person's name, role or departments (their console bootstraps again with the new scopes). */
  'staff.update': localAction('staff.update'),
  /** Admins: deactivates a person: every session ends at once (401, streams closed, their console signs out). */
  'staff.deactivate': localAction('staff.deactivate'),
  /** Admins: lets a deactivated person sign in again. */
  'staff.reactivate': localAction('staff.reactivate'),
  /** Admins: resets a person's two-factor (a lost phone): it is off, their sessions end; where it is required they set it up again at their next sign-in. */
  'staff.resetTwoFactor': localAction('staff.resetTwoFactor'),
  /** Admins: a new department. */
  'department.create': localAction('department.create'),
  /** Admins: renames a department (everything names it by id, so nothing else changes). */
  'department.rename': localAction('department.rename'),
  /** Admins: archives a department without open tickets (it then takes no new tickets or people). */
  'department.archive': localAction('department.archive'),
  /** Admins: a new catalogue item (its first price starts its price history). Error: `catalogue_item_exists`. */
  'catalogue.create': localAction('catalogue.create'),
  /** Admins: renames, redescribes or reprices an item; a new price is added to its history, placed orders keep theirs. */
  'catalogue.update': localAction('catalogue.update'),
  /** Admins: retires an item (no longer sold, kept for its orders) or sells it again. */
  'catalogue.setActive': localAction('catalogue.setActive'),
  /** Admins: the whole catalogue from the server (online only), retired items too, each with its price history. */
  'catalogue.list': { input: none, output: AdminCatalogue },
  /** Admins: sends an issue to its topic's subscribers, at the throttle's pace, one email each (the same issueKey again is the same issue). */
  'newsletter.send': localAction('newsletter.send'),
  /** Admins: sends the draft to the admin's own address only, marked as a test. */
  'newsletter.testSend': localAction('newsletter.testSend'),
  /** Admins: how many newsletter emails may leave per minute, across every server process. */
  'newsletter.setThrottle': localAction('newsletter.setThrottle'),
  /** Admins: sent issues with their counts (queued, sent, failed, unsubscribed since), subscribers per topic and the throttle, from the server (online only). */
  'newsletter.list': { input: none, output: AdminNewsletters },
  /** Admins: a new forum category. Error: `forum_category_exists`. */
  'forumCategory.create': localAction('forumCategory.create'),
  /** Admins: renames, redescribes or reorders a forum category. */
  'forumCategory.update': localAction('forumCategory.update'),
  /** Admins: archives a forum category (gone for customers, no new threads) or restores it. */
  'forumCategory.setArchived': localAction('forumCategory.setArchived'),
  /** Admins: the per-user posting limit (posts per hour). */
  'forum.setSettings': localAction('forum.setSettings'),
  /** Staff: a new forum thread (an announcement); its posts are marked as staff answers. */
  'forum.startThread': localAction('forum.startThread'),
  /** Staff: an answer in a forum thread, marked as a staff answer; staff may answer under a lock. */
  'forum.reply': localAction('forum.reply'),
  /** Staff: hides a post from customers (the opening post hides the thread) or shows it again, with the reason. */
  'forum.setPostHidden': localAction('forum.setPostHidden'),
  /** Staff: locks a thread (no more customer replies) or unlocks it, with the reason. */
  'forum.setLocked': localAction('forum.setLocked'),
  /** Staff: pins a thread to the top of its category or unpins it, with the reason. */
  'forum.setPinned': localAction('forum.setPinned'),
  /** Staff: moves a thread to another category, with the reason. */
  'forum.move': localAction('forum.move'),
  /** Staff: the forum's categories (archived ones too) and the posting limit, from the server (online only). */
  'forum.categories': { input: none, output: ForumCategoryList },
  /** Staff: a page of a category's threads, or of the threads matching `search`, after `cursor` (the page before's nextCursor), from the server (online only); hidden ones marked. */
  'forum.threads': {
    input: z.strictObject({ categoryId: z.number().int().positive().optional(), search: z.string().trim().min(1).max(forumLimits.search).optional(), cursor: ForumCursor.optional() }).refine((a) => a.categoryId !== undefined || a.search !== undefined, { message: 'must give a categoryId or a search', path: ['categoryId'] }),
    output: ForumThreadList,
  },
  /** Staff: a thread with every post, hidden ones with their reasons, and its moderation history, from the server (online only). */
  'forum.thread': { input: z.strictObject({ threadId: z.number().int().positive() }), output: ForumThreadPage },
  /** Billing: pays a requested affiliate payout (outside Switchboard). Error: `payout_decided`. */
  'payout.pay': localAction('payout.pay'),
  /** Billing: converts a requested affiliate payout into support points on the affiliate's account (a ledger entry). Errors: `payout_decided`, `payout_too_small`. */
  'payout.convert': localAction('payout.convert'),
  /** Billing: rejects a requested affiliate payout with a reason the affiliate reads; its commissions go back to the affiliate's approved balance. Error: `payout_decided`. */
  'payout.reject': localAction('payout.reject'),
  /** Billing: affiliate payouts from the server (online only): those waiting, oldest first, then the latest decided. */
  'payout.list': { input: none, output: PayoutQueue },
  /** Admins: the team and departments from the server (online only): last sign-in, pending invitations, open tickets. */
  'team.list': { input: none, output: TeamResponse },
  /** Admins: a page of the audit log from the server (online only), newest first, filtered. */
  'audit.query': { input: AuditQuery, output: AuditPage },
  /** Admins: the audit log with these filters as CSV text (online only). */
  'audit.exportCsv': { input: AuditQuery, output: z.object({ csv: z.string(), fileName: z.string() }) },

  /** The file area's folders and files from the cache (published or not), each marked `cached` when it opens offline. */
  'files.tree': { input: none, output: FileTree },
  /**
   * An account's file area as its primary user sees it, with the reason for each hidden folder,
   * its My files and its tickets' attachments (those in the cache). From the cache, offline too.
   * Error: `not_found`.
   */
  'files.accountView': { input: z.strictObject({ accountId: z.number().int().positive() }), output: StaffFileArea },
  /**
   * Downloads a file or attachment into the local blob cache (online), resuming what an
   * interrupted download left; progress comes as `fileProgress` events. A cached one answers at
   * once. The bytes are checked against the sha256 before they count as cached. Errors:
   * `server_unreachable`, `transfer_interrupted` (fetch again to resume), `not_found`.
   */
  'files.fetch': { input: FileRef, output: FetchedFile },
  /**
   * Hands a cached file to the user under its real name: shown in the file manager (desktop),
   * or a one-use `downloadUrl` the browser saves (web host). Works offline. Error: `not_cached`.
   */
  'files.open': { input: FileRef, output: OpenedFile },
  /**
   * Stages a file (at most 20 MB, base64) for upload: kept in the blob cache and queued for its
   * target, sent when online, retried with backoff, kept across restarts. Errors name the field:
   * a bad name, an oversized file, `forbidden` (publishing is for admins), `not_found`.
   */
  'files.stageUpload': { input: StageUploadInput, output: UploadItem },
  /** The upload queue (one ticket's with `ticketId`), oldest first, with each upload's state and last error. */
  'files.uploads': { input: z.strictObject({ ticketId: z.number().int().positive().optional() }), output: z.array(UploadItem) },
  /** Sends a refused upload again. Error: `not_failed` when it was not refused. */
  'files.retryUpload': { input: z.strictObject({ uploadId: z.number().int().positive() }), output: done },
  /** Removes an upload from the queue (a draft, a refused or a sent one; not one being sent). */
  'files.discardUpload': { input: z.strictObject({ uploadId: z.number().int().positive() }), output: done },
} as const satisfies { [K in OperationName]: OperationSpec };

/**
 * What can change under a query: a synced entity (protocol.ts `syncEntities`), `outbox`,
 * `presence`, `settings` (the server's life-cycle settings), `uploads` (the upload queue) or
 * `blobs` (files downloaded to this console) or `held_mail` (the server told of held mail).
 */
export const ConsoleEntity = z.enum([...syncEntities, 'outbox', 'presence', 'settings', 'uploads', 'blobs', 'held_mail']);
export type ConsoleEntity = z.infer<typeof ConsoleEntity>;

const notificationFields = {
  ticketId: z.number().int().nullable(),
  ticketNumber: z.number().int().nullable(),
  title: z.string(),
  body: z.string().optional(),
};

export const consoleEvents = {
  /**
   * Cached data changed (sync, a local action, a rollback, presence): refetch the queries that
   * read it. `entities` names sync entities plus `outbox`, `presence` and `settings`; empty means anything
   * may have changed (a fresh download, a reconnect). Empty `ticketIds`: any ticket.
   */
  entitiesChanged: z.object({ entities: z.array(ConsoleEntity), ticketIds: z.array(z.number().int()) }),
  syncStatus: SyncStatus,
  /**
   * Something the user should notice: a new HotRush ticket, a ticket assigned to them, a
   * ticket the server flagged for breaching its turnaround target (`breach`), a refused action
   * (`mutation` names it, so the UI can say it in its own words).
   */
  notification: z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['hotRush', 'assigned', 'breach']), ...notificationFields }),
    z.object({ kind: z.literal('rejected'), mutation: MutationName, ...notificationFields }),
  ]),
  /** `switchboard://ticket/N` was opened (Electron only): show ticket number N. */
  deepLink: z.object({ ticketNumber: z.number().int().positive(), ticketId: z.number().int().nullable() }),
  /**
   * The installed console's own update (Electron only): checking, downloading with progress,
   * `ready` to install on restart (the shell offers it; it never restarts by itself), or the
   * last check's error. Not sent by the web host.
   */
  updateStatus: UpdateStatus,
  /** A download into the blob cache: bytes so far, then `done` or `failed` (with why; fetching again resumes). */
  fileProgress: FileProgress,
} as const satisfies { [E in EventName]: z.ZodType };

// Every mutation the sync protocol knows is a console operation.
type MissingMutations = Exclude<MutationName, OperationName>;
const everyMutationIsAnOperation: [MissingMutations] extends [never] ? true : MissingMutations = true;
void everyMutationIsAnOperation;
