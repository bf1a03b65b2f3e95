// Written by `npm run db:types` from the migrations (src/server/db/schemaTypes.ts): do not edit.
import type { ColumnType, Generated } from 'kysely';

export interface AccessInfosTable {
  id: Generated<number>;
  ticketId: number;
  ciphertext: Uint8Array;
  iv: Uint8Array;
  authTag: Uint8Array;
  createdBy: number;
  createdAt: number;
}

export interface AccountsTable {
  id: Generated<number>;
  company: string;
  contactEmail: string;
  primaryUserId: number | null;
  standingAdjustment: Generated<number>;
  newsletter: Generated<string[]>;
  createdAt: number;
  version: Generated<number>;
}

export interface AffiliateCommissionsTable {
  id: Generated<number>;
  affiliateId: number;
  orderId: number;
  baseCents: number;
  percent: number;
  amountCents: number;
  payoutId: number | null;
  createdAt: number;
}

export interface AffiliatePayoutsTable {
  id: Generated<number>;
  affiliateId: number;
  amountCents: number;
  status: string;
  requestedBy: number;
  requestedAt: number;
  decidedBy: number | null;
  decidedAt: number | null;
  points: number | null;
  ledgerEntryId: number | null;
  rejectReason: string | null;
}

export interface AffiliatesTable {
  id: Generated<number>;
  accountId: number;
  joinedBy: number;
  code: string;
  clicks: Generated<number>;
  joinedAt: number;
}

export interface AttachmentsTable {
  id: Generated<number>;
  ticketId: number;
  messageId: number | null;
  fileName: string;
  size: number;
  sha256: string;
  uploadedBy: number | null;
  createdAt: number;
  version: Generated<number>;
  uploadKey: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actorUserId: number | null;
  action: string;
  entity: string;
  entityId: number | null;
  details: ColumnType<unknown, string | undefined, string>;
  at: number;
  accountId: number | null;
}

export interface BlobChunksTable {
  blobId: number;
  n: number;
  data: Uint8Array;
}

export interface BlobsTable {
  id: Generated<number>;
  sha256: string | null;
  size: Generated<number>;
  createdAt: number;
}

export interface CatalogueItemsTable {
  id: Generated<number>;
  kind: string;
  product: string | null;
  name: string;
  description: Generated<string>;
  points: number | null;
  months: number | null;
  priceCents: number;
  currency: Generated<string>;
  active: Generated<boolean>;
  createdAt: number;
  updatedAt: number;
  version: Generated<number>;
}

export interface CataloguePricesTable {
  id: Generated<number>;
  itemId: number;
  priceCents: number;
  fromAt: number;
  setBy: number | null;
}

export interface ChangesTable {
  seq: number;
  entity: string;
  entityId: number;
  op: string;
  rowVersion: number;
  scopes: string[];
  payload: ColumnType<unknown | null, string | null, string | null>;
  at: number;
}

export interface DepartmentsTable {
  id: Generated<number>;
  name: string;
  version: Generated<number>;
  defaultForType: string | null;
  archivedAt: number | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  eventKey: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  state: Generated<string>;
  attempts: Generated<number>;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  ticketId: number | null;
  messageId: string | null;
  newsletterIssueId: number | null;
  accountId: number | null;
}

export interface FaqArticlesTable {
  id: Generated<number>;
  title: string;
  body: string;
  createdAt: number;
  updatedAt: number;
  version: Generated<number>;
}

export interface FileFoldersTable {
  id: Generated<number>;
  parentId: number | null;
  name: string;
  access: string;
  product: string | null;
  version: Generated<number>;
}

export interface FilesTable {
  id: Generated<number>;
  folderId: number | null;
  accountId: number | null;
  name: string;
  note: Generated<string>;
  size: number;
  sha256: string;
  published: Generated<boolean>;
  uploadedBy: number | null;
  createdAt: number;
  version: Generated<number>;
  uploadKey: string | null;
}

export interface ForumCategoriesTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  position: Generated<number>;
  archived: Generated<boolean>;
  createdAt: number;
  updatedAt: number;
  version: Generated<number>;
}

export interface ForumModerationTable {
  id: Generated<number>;
  threadId: number;
  postId: number | null;
  action: string;
  reason: string;
  details: ColumnType<unknown | null, string | null, string | null>;
  actorUserId: number;
  at: number;
}

export interface ForumPostsTable {
  id: Generated<number>;
  threadId: number;
  authorUserId: number;
  body: string;
  byStaff: boolean;
  opening: Generated<boolean>;
  quotePostId: number | null;
  clientRef: string | null;
  hidden: Generated<boolean>;
  hiddenReason: string | null;
  hiddenBy: number | null;
  hiddenAt: number | null;
  createdAt: number;
  editedAt: number | null;
  version: Generated<number>;
  searchTsv: ColumnType<string | null, never, never>;
}

export interface ForumThreadsTable {
  id: Generated<number>;
  categoryId: number;
  title: string;
  authorUserId: number;
  createdAt: number;
  lastPostAt: number;
  pinned: Generated<boolean>;
  locked: Generated<boolean>;
  lockReason: string | null;
  hidden: Generated<boolean>;
  version: Generated<number>;
  titleTsv: ColumnType<string | null, never, never>;
}

export interface GuestOrdersTable {
  orderKey: string;
  accountId: number;
  invoiceId: number;
  ip: string;
  createdAt: number;
}

export interface HeldMailsTable {
  id: Generated<number>;
  inboundMailId: number;
  sender: string;
  subject: string;
  reason: string;
  body: string;
  attachments: ColumnType<unknown, string | undefined, string>;
  state: Generated<string>;
  ticketId: number | null;
  resolvedBy: number | null;
  resolvedAt: number | null;
  createdAt: number;
  version: Generated<number>;
}

export interface InboundMailsTable {
  id: Generated<number>;
  headerMessageId: string | null;
  rawSha256: string;
  rawSize: number;
  via: string;
  sender: Generated<string>;
  subject: Generated<string>;
  outcome: string;
  reason: Generated<string>;
  ticketId: number | null;
  messageId: number | null;
  receivedAt: number;
  contentSha256: string | null;
}

export interface InvoicesTable {
  id: Generated<number>;
  accountId: number;
  description: string;
  amountCents: number;
  currency: Generated<string>;
  items: ColumnType<unknown, string | undefined, string>;
  status: string;
  providerRef: string | null;
  issuedAt: number;
  paidAt: number | null;
  version: Generated<number>;
  orderKey: string | null;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  accountId: number;
  kind: string;
  points: number;
  reason: string;
  ticketId: number | null;
  licenseId: number | null;
  orderId: number | null;
  createdBy: number | null;
  createdAt: number;
  version: Generated<number>;
}

export interface LicenseHistoryTable {
  id: Generated<number>;
  licenseId: number;
  event: string;
  fromAccountId: number | null;
  toAccountId: number | null;
  details: ColumnType<unknown, string | undefined, string>;
  actorUserId: number | null;
  at: number;
}

export interface LicenseTransfersTable {
  id: Generated<number>;
  licenseId: number;
  fromAccountId: number;
  toAccountId: number | null;
  targetEmail: string;
  targetCompany: string;
  targetUrl: string;
  targetLicenseKey: string | null;
  points: Generated<number>;
  status: string;
  signature: string | null;
  reason: string | null;
  createdAt: number;
  decidedAt: number | null;
  acceptedAt: number | null;
  version: Generated<number>;
  newLicenseId: number | null;
  decidedBy: number | null;
  targetContactName: string | null;
}

export interface LicensesTable {
  id: Generated<number>;
  key: string;
  product: string;
  kind: string;
  edition: Generated<string>;
  productVersion: Generated<string>;
  url: Generated<string>;
  accountId: number;
  parentLicenseId: number | null;
  status: string;
  certificate: Generated<string>;
  createdAt: number;
  updatedAt: number;
  version: Generated<number>;
}

export interface LoginAttemptsTable {
  key: string;
  windowStart: number;
  windowMs: number;
  count: number;
}

export interface NewsletterIssuesTable {
  id: Generated<number>;
  issueKey: string;
  topic: string;
  subject: string;
  body: string;
  sentBy: number;
  createdAt: number;
  recipientCount: Generated<number>;
  queuedAllAt: number | null;
}

export interface NewsletterRecipientsTable {
  issueId: number;
  accountId: number;
  state: Generated<string>;
}

export interface NewsletterUnsubscribesTable {
  id: Generated<number>;
  accountId: number;
  topic: string;
  issueId: number | null;
  via: string;
  at: number;
}

export interface OrdersTable {
  id: Generated<number>;
  accountId: number;
  invoiceId: number | null;
  items: ColumnType<unknown, string, string>;
  status: string;
  rejectReason: string | null;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
  version: Generated<number>;
}

export interface PaymentEventsTable {
  id: Generated<number>;
  provider: string;
  transactionId: string;
  invoiceId: number | null;
  amountCents: number;
  outcome: string;
  receivedAt: number;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  userId: number;
  codeHash: string;
  usedAt: number | null;
}

export interface ReferralsTable {
  id: Generated<number>;
  affiliateId: number;
  accountId: number;
  clickedAt: number;
  referredAt: number;
}

export interface SessionsTable {
  tokenHash: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
  id: Generated<number>;
  userAgent: Generated<string>;
  ip: Generated<string>;
  lastSeenAt: number | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface StaffDepartmentsTable {
  userId: number;
  departmentId: number;
}

export interface StaffTotpTable {
  userId: number;
  secretCiphertext: Uint8Array;
  secretIv: Uint8Array;
  secretAuthTag: Uint8Array;
  createdAt: number;
  confirmedAt: number | null;
  lastStep: Generated<number>;
}

export interface SyncClientsTable {
  clientId: string;
  userId: number;
  lastMutationId: Generated<number>;
  createdAt: number;
}

export interface SyncCounterTable {
  id: number;
  seq: number;
  trimmedThrough: Generated<number>;
}

export interface SyncMutationResultsTable {
  clientId: string;
  mutationId: number;
  status: string;
  error: ColumnType<unknown | null, string | null, string | null>;
}

export interface TicketMessagesTable {
  id: Generated<number>;
  ticketId: number;
  authorUserId: number | null;
  kind: string;
  body: string;
  movedFromTicketId: number | null;
  clientRef: string | null;
  createdAt: number;
  version: Generated<number>;
  searchTsv: ColumnType<string | null, never, never>;
  via: Generated<string>;
}

export interface TicketsTable {
  id: Generated<number>;
  number: Generated<number>;
  accountId: number;
  authorUserId: number | null;
  type: string;
  subject: string;
  licenseId: number | null;
  productVersion: Generated<string>;
  priority: string;
  hotRush: Generated<boolean>;
  status: string;
  departmentId: number | null;
  assigneeId: number | null;
  cost: Generated<number>;
  chargedPoints: number | null;
  score: number;
  clockStartedAt: number | null;
  dueAt: number | null;
  answeredAt: number | null;
  preClosedAt: number | null;
  closedAt: number | null;
  mergedIntoId: number | null;
  followUpOfId: number | null;
  splitFromId: number | null;
  createdAt: number;
  updatedAt: number;
  version: Generated<number>;
  preCloseDueAt: number | null;
  closeDueAt: number | null;
  breachedAt: number | null;
}

export interface UpdateFilesTable {
  platform: string;
  file: string;
  version: string;
  sha256: string;
  sha512: string;
  size: number;
  uploadedAt: number;
}

export interface UrlChangeRequestsTable {
  id: Generated<number>;
  licenseId: number;
  accountId: number;
  oldUrl: string;
  newUrl: string;
  acknowledged: boolean;
  status: string;
  reason: string | null;
  removalDeadline: number | null;
  createdAt: number;
  decidedAt: number | null;
  version: Generated<number>;
  decidedBy: number | null;
}

export interface UserLinksTable {
  id: Generated<number>;
  tokenHash: string;
  userId: number;
  purpose: string;
  newEmail: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface UsersTable {
  id: Generated<number>;
  accountId: number | null;
  email: string;
  name: string;
  role: string;
  passwordHash: string;
  active: Generated<boolean>;
  createdAt: number;
  version: Generated<number>;
  lastSignInAt: number | null;
  invitedAt: number | null;
  invitedBy: number | null;
}

export interface Tables {
  accessInfos: AccessInfosTable;
  accounts: AccountsTable;
  affiliateCommissions: AffiliateCommissionsTable;
  affiliatePayouts: AffiliatePayoutsTable;
  affiliates: AffiliatesTable;
  attachments: AttachmentsTable;
  auditLog: AuditLogTable;
  blobChunks: BlobChunksTable;
  blobs: BlobsTable;
  catalogueItems: CatalogueItemsTable;
  cataloguePrices: CataloguePricesTable;
  changes: ChangesTable;
  departments: DepartmentsTable;
  emailOutbox: EmailOutboxTable;
  faqArticles: FaqArticlesTable;
  fileFolders: FileFoldersTable;
  files: FilesTable;
  forumCategories: ForumCategoriesTable;
  forumModeration: ForumModerationTable;
  forumPosts: ForumPostsTable;
  forumThreads: ForumThreadsTable;
  guestOrders: GuestOrdersTable;
  heldMails: HeldMailsTable;
  inboundMails: InboundMailsTable;
  invoices: InvoicesTable;
  ledgerEntries: LedgerEntriesTable;
  licenseHistory: LicenseHistoryTable;
  licenseTransfers: LicenseTransfersTable;
  licenses: LicensesTable;
  loginAttempts: LoginAttemptsTable;
  newsletterIssues: NewsletterIssuesTable;
  newsletterRecipients: NewsletterRecipientsTable;
  newsletterUnsubscribes: NewsletterUnsubscribesTable;
  orders: OrdersTable;
  paymentEvents: PaymentEventsTable;
  recoveryCodes: RecoveryCodesTable;
  referrals: ReferralsTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  staffDepartments: StaffDepartmentsTable;
  staffTotp: StaffTotpTable;
  syncClients: SyncClientsTable;
  syncCounter: SyncCounterTable;
  syncMutationResults: SyncMutationResultsTable;
  ticketMessages: TicketMessagesTable;
  tickets: TicketsTable;
  updateFiles: UpdateFilesTable;
  urlChangeRequests: UrlChangeRequestsTable;
  userLinks: UserLinksTable;
  users: UsersTable;
}
