/**
 * The shapes the console API hands to the renderer: sessions, sync status, queue rows, a
 * ticket with its conversation, search hits, an account page. Customer text in them (subjects,
 * message bodies, snippets) is plain text: the renderer shows it as text, never as HTML.
 */
import { z } from 'zod';
import { AccountLedgerEntry } from '../api/accountPrivateData';
import { MessageKind, Priority, Role, TicketStatus, TicketType } from '../domain/model';
import { MutationError, MutationName, PresenceActivity } from '../sync/protocol';

const id = z.number().int();
const positiveId = z.number().int().positive();
/** Milliseconds since the epoch. */
const time = z.number();

export const SessionUser = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: Role,
  departmentIds: z.array(id),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionInfo = z.object({
  /** The helpdesk server this console syncs with. */
  serverUrl: z.string(),
  user: SessionUser,
  /** Only in auth.signIn's answer, when two-factor was just set up at this sign-in: shown once. */
  recoveryCodes: z.array(z.string()).optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const BootstrapProgress = z.object({
  rowsDone: z.number().int(),
  total: z.number().int(),
  /** 0..100 */
  percent: z.number(),
  perEntity: z.record(z.string(), z.object({ done: z.number().int(), total: z.number().int() })),
});

export const SyncStatus = z.object({
  signedIn: z.boolean(),
  /** Connected to the server's live stream (offline is a normal state, not an error). */
  online: z.boolean(),
  /** The first (or a fresh) download of the user's data; null once it is done. */
  progress: BootstrapProgress.nullable(),
  /** Local actions not yet acknowledged by the server. */
  outboxCount: z.number().int(),
  /** Local actions the server refused (see outbox.failures). */
  rejectedCount: z.number().int(),
  lastError: z.string().nullable(),
  /** When the cache last caught up with the server. */
  lastSyncAt: time.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/**
 * A queue view: `inbox` (new tickets to dispatch), `mine`, `hotRush`, `breaching` (turnaround
 * ends within 1h), `preClosed`, `all`, or `department:<id>`.
 */
const fixedQueueViews = ['inbox', 'mine', 'hotRush', 'breaching', 'preClosed', 'all'] as const;
const queueViewError = 'must be inbox, mine, hotRush, breaching, preClosed, all or department:<id>';
export const QueueViewId = z
  .union([z.enum(fixedQueueViews), z.templateLiteral(['department:', z.number()])], { error: queueViewError })
  // The template takes any number; a department's id is a positive integer of up to ten digits.
  .refine((id) => !id.startsWith('department:') || /^department:[1-9]\d{0,9}$/.test(id), queueViewError);
export type QueueViewId = z.infer<typeof QueueViewId>;

export const QueueViewInfo = z.object({
  id: QueueViewId,
  label: z.string(),
  count: z.number().int(),
});
export type QueueViewInfo = z.infer<typeof QueueViewInfo>;

export const QueueFilters = z.strictObject({
  status: z.array(TicketStatus).max(10).optional(),
  type: z.array(TicketType).max(10).optional(),
  department: z.array(positiveId).max(100).optional(),
  priority: z.array(Priority).max(3).optional(),
  /** A staff user's id, or null for unassigned tickets. */
  assignee: positiveId.nullable().optional(),
  account: positiveId.optional(),
  /** Words matched against subjects and message bodies. */
  text: z.string().max(200, 'must be at most 200 characters').optional(),
});
export type QueueFilters = z.infer<typeof QueueFilters>;

/** Where a queue page ended, in queue order; pass it back to read the next page. */
export const QueueCursor = z.strictObject({ hot: z.number(), score: z.number(), due: z.number(), number: z.number().int() });
export type QueueCursor = z.infer<typeof QueueCursor>;

/** One row of a queue or list of tickets. */
export const TicketSummary = z.object({
  id,
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatus,
  type: TicketType,
  priority: Priority,
  hotRush: z.boolean(),
  /** Effective priority score (DOMAIN.md). */
  score: z.number().nullable(),
  /** End of the turnaround clock, when it runs. */
  dueAt: time.nullable(),
  /** When the server flagged the running clock as past its target; null for a clock not (yet) breached. */
  breachedAt: time.nullable(),
  departmentId: id.nullable(),
  assigneeId: id.nullable(),
  accountId: id,
  company: z.string().nullable(),
  updatedAt: time,
  /** Shows a local change the server has not confirmed yet. */
  pending: z.boolean(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

/**
 * Orders a queue can be shown in: `queue` is DOMAIN.md's queue order (the default); the others
 * are for looking things up: latest activity first, newest ticket first, oldest ticket first.
 */
export const QueueSort = z.enum(['queue', 'updated', 'newest', 'oldest']);
export type QueueSort = z.infer<typeof QueueSort>;

/** Where a page in another sort than queue order ended: the sort key and the ticket number. */
export const SortedCursor = z.strictObject({ key: z.number(), number: z.number().int() });
export type SortedCursor = z.infer<typeof SortedCursor>;

export const QueuePage = z.object({ items: z.array(TicketSummary), nextCursor: z.union([QueueCursor, SortedCursor]).nullable() });
export type QueuePage = z.infer<typeof QueuePage>;

export const Ticket = z.object({
  id,
  number: z.number().int(),
  accountId: id,
  authorUserId: id.nullable(),
  type: TicketType,
  subject: z.string(),
  licenseId: id.nullable(),
  productVersion: z.string().nullable(),
  priority: Priority,
  hotRush: z.boolean(),
  status: TicketStatus,
  departmentId: id.nullable(),
  assigneeId: id.nullable(),
  /** Cost rating in support points (0 = free), set when classified. */
  cost: z.number().int().nullable(),
  chargedPoints: z.number().int().nullable(),
  score: z.number().nullable(),
  clockStartedAt: time.nullable(),
  dueAt: time.nullable(),
  /** When the server flagged the running clock as past its target; a new clock starts unflagged. */
  breachedAt: time.nullable(),
  answeredAt: time.nullable(),
  preClosedAt: time.nullable(),
  closedAt: time.nullable(),
  mergedIntoId: id.nullable(),
  followUpOfId: id.nullable(),
  splitFromId: id.nullable(),
  createdAt: time,
  updatedAt: time,
  version: z.number().int(),
  /**
   * The customer posted access info (revealed from the server on request, never cached); null
   * while not known: a row cached before the console knew the flag (cache migration 014), until
   * the re-bootstrap that follows it, which an offline start puts off.
   */
  hasAccessInfo: z.boolean().nullable(),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketMessage = z.object({
  /** Negative while the message exists only locally (not yet confirmed). */
  id,
  kind: MessageKind,
  /** Plain text as written; render as text. */
  body: z.string(),
  authorUserId: id.nullable(),
  authorName: z.string().nullable(),
  createdAt: time,
  clientRef: z.string().nullable(),
  movedFromTicketId: id.nullable(),
  /** web or email: how the message reached the helpdesk. */
  via: z.string(),
  pending: z.boolean(),
});
export type TicketMessage = z.infer<typeof TicketMessage>;

export const TicketAttachment = z.object({
  id,
  messageId: id.nullable(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});

/** A local action the server refused; its effect was rolled back. */
export const FailedAction = z.object({
  mutationId: id,
  name: MutationName,
  ticketId: id.nullable(),
  args: z.unknown(),
  error: MutationError,
  createdAt: time,
});
export type FailedAction = z.infer<typeof FailedAction>;

export const PresenceInfo = z.object({
  userId: id,
  userName: z.string(),
  activity: PresenceActivity,
  at: time,
});
export type PresenceInfo = z.infer<typeof PresenceInfo>;

export const TicketDetail = z.object({
  ticket: Ticket,
  company: z.string().nullable(),
  departmentName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  pending: z.boolean(),
  /** When the charge was booked (the ticket's ledger entry), if this user's cache holds it; the ticket row has the points. */
  chargedAt: time.nullable(),
  /** The conversation in time order; notes are internal (kind `note`). */
  messages: z.array(TicketMessage),
  attachments: z.array(TicketAttachment),
  /** Tickets split out of this one, oldest first. */
  splitInto: z.array(z.object({ id, number: z.number().int() })),
  /** This ticket's refused local actions, to show with their reasons and a retry. */
  failedActions: z.array(FailedAction),
  /** Other staff viewing or replying to this ticket right now. */
  presence: z.array(PresenceInfo),
  /** The HotRush surcharge in force (the server's life-cycle settings as last synced), for the charge a HotRush ticket will make. */
  hotRushSurcharge: z.number().int(),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

/** Text runs; `match` runs are the words found. Render as text, highlighting matches, never as HTML. */
export const SnippetParts = z.array(z.object({ text: z.string(), match: z.boolean() }));

/** How search results are ordered: best match first, or latest activity first. */
export const SearchOrder = z.enum(['relevance', 'newest']);
export type SearchOrder = z.infer<typeof SearchOrder>;

/**
 * One search result: a ticket (its subject and every matching message of it, grouped) or an
 * FAQ article.
 */
export const SearchHit = z.object({
  kind: z.enum(['ticket', 'faq']),
  /** Ticket id or FAQ article id. */
  id,
  ticketId: id.nullable(),
  ticketNumber: z.number().int().nullable(),
  title: z.string(),
  /** The title with the words found marked (a subject that matched), else one plain run. */
  titleParts: SnippetParts,
  /** The matching text: the best matching message's snippet, an article's body, or (only the subject matched) the ticket's opening words unmarked. */
  snippet: SnippetParts,
  /** Ticket status, company, assignee; null for FAQ articles. */
  status: TicketStatus.nullable(),
  company: z.string().nullable(),
  assigneeId: id.nullable(),
  /** Latest activity: the ticket's last update, the article's last edit. */
  at: time.nullable(),
  /** True when the subject (or the article's title) matched. */
  titleMatched: z.boolean(),
  /** Matching messages of this ticket (found among the candidates), beyond the one in `snippet`: up to two more shown. */
  messageCount: z.number().int(),
  moreMessages: z.array(z.object({ messageId: id, at: time.nullable(), snippet: SnippetParts })),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const FaqArticle = z.object({ id, title: z.string(), body: z.string(), updatedAt: time.nullable() });
export type FaqArticle = z.infer<typeof FaqArticle>;

export const AccountPage = z.object({
  account: z.object({
    id,
    company: z.string(),
    contactEmail: z.string().nullable(),
    primaryUserId: id.nullable(),
    pointsBalance: z.number().int(),
    newsletter: z.array(z.string()),
    createdAt: time.nullable(),
  }),
  /** DOMAIN.md account standing: the share of Major and Minor tickets of the last 90 days. */
  standing: z.object({ majorShare: z.number(), minorShare: z.number(), adjustment: z.number() }),
  users: z.array(z.object({ id, name: z.string(), email: z.string(), role: Role, active: z.boolean(), primary: z.boolean() })),
  licenses: z.array(
    z.object({
      id,
      key: z.string(),
      product: z.string(),
      kind: z.string(),
      edition: z.string().nullable(),
      productVersion: z.string().nullable(),
      url: z.string().nullable(),
      status: z.string(),
      parentLicenseId: id.nullable(),
    }),
  ),
  /** Newest first. */
  ledger: z.array(AccountLedgerEntry),
  /** The account's tickets, newest first (cross-posting is easy to spot). */
  tickets: z.array(TicketSummary),
});
export type AccountPage = z.infer<typeof AccountPage>;

export const Directory = z.object({
  /** Every department; an archived one (`archived`) still names old tickets but takes no new ones. */
  departments: z.array(z.object({ id, name: z.string(), archived: z.boolean() })),
  /** Active staff, for assigning and for showing names. */
  staff: z.array(z.object({ id, name: z.string(), role: Role, departmentIds: z.array(id) })),
});
export type Directory = z.infer<typeof Directory>;

/** What a local action returns at once; the server's verdict arrives later through sync. */
export const ActionReceipt = z.object({
  /** The outbox id; a refusal names it (outbox.failures). */
  mutationId: id,
  /** Replies and notes: the id that ties the pending message to the server's copy. */
  clientRef: z.string().optional(),
  /** What a costly action (shared/sync/undoWindow.ts) did, in words, for its toast ("Closed #105960 · 20 points charged"). */
  summary: z.string().optional(),
  /** It waits in the outbox until `until`: `outbox.undo` with its `key` cancels it before the server sees it. */
  undo: z.object({ key: z.string(), until: time }).optional(),
});
export type ActionReceipt = z.infer<typeof ActionReceipt>;

export const AccessInfoEntries = z.object({
  entries: z.array(z.object({ id, text: z.string(), createdAt: time })),
});

/** Queue figures for the dashboard, computed from the cache (log tickets left out). */
export const DashboardStats = z.object({
  /** Tickets not closed, by status. */
  openByStatus: z.array(z.object({ status: TicketStatus, count: z.number().int() })),
  /** Tickets waiting for staff work (new, open, in progress), by department; null: not classified yet. */
  openByDepartment: z.array(z.object({ departmentId: id.nullable(), name: z.string(), count: z.number().int() })),
  /**
   * Tickets whose first turnaround target fell on each of the last days asked for (UTC), and how many
   * of them missed it (no staff reply by then). Newest day last.
   */
  breachesPerDay: z.array(z.object({ day: z.string(), due: z.number().int(), breached: z.number().int() })),
  /** HotRush tickets created on each of those days (UTC). Newest day last. */
  hotRushPerDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
  /** The new ticket that has waited longest for a dispatcher, or null when the inbox is empty. */
  oldestNew: z.object({ ticketId: id, number: z.number().int(), subject: z.string(), createdAt: time }).nullable(),
  /** When these figures were read. */
  at: time,
});
export type DashboardStats = z.infer<typeof DashboardStats>;

/** The console's self-update, as the Electron shell reports it (src/main/updates/updateController.ts). */
export const UpdateStatus = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('idle') }),
  z.object({ phase: z.literal('checking') }),
  z.object({ phase: z.literal('upToDate'), checkedAt: z.number() }),
  /** `percent` 0–100; `total` bytes, 0 until the download has started. */
  z.object({ phase: z.literal('downloading'), version: z.string(), percent: z.number(), transferred: z.number(), total: z.number() }),
  z.object({ phase: z.literal('ready'), version: z.string() }),
  z.object({ phase: z.literal('error'), message: z.string(), at: z.number() }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatus>;
