/**
 * The seed's plan: every row it will write, built in memory first (accounts, licenses, the
 * full timeline of every ticket) and linked by reference.
 */
import type { LedgerKind, LicenseKind, LicenseStatus, Priority, TicketStatus, TicketType } from '../../shared/domain/model';
import type { BlobStore } from '../files/blobStore';
import type { ProductDef } from './vocabulary/products';

export type Habit = 'major' | 'minor' | 'mixed';

export interface UserPlan {
  id: number;
  accountId: number | null;
  email: string;
  first: string;
  last: string;
  role: string;
  createdAt: number;
  /** Staff only: department names. */
  departments?: string[];
}

export interface LicensePlan {
  id: number;
  key: string;
  product: ProductDef['name'];
  kind: LicenseKind;
  edition: string;
  version: string;
  url: string;
  accountId: number;
  parentId: number | null;
  status: LicenseStatus;
  certificate: string;
  createdAt: number;
  updatedAt: number;
  priceCents: number;
  /** Bought by this account (an order exists), rather than received by a transfer. */
  ordered: boolean;
  verifiedAt: number | null;
}

export interface AccountPlan {
  id: number;
  company: string;
  domain: string;
  createdAt: number;
  habit: Habit;
  weight: number;
  primary: UserPlan;
  users: UserPlan[];
  newsletter: string[];
  licenses: LicensePlan[];
  standing: number;
  charges: number;
  demo: boolean;
  /** Tickets in id order, filled while writing (follow-ups, merges and splits look back). */
  written: TicketPlan[];
}

/** Kinds of conversation events; each picks its own text. */
export const EV = {
  open: 0, info: 1, nudge: 2, thanks: 3, reopen: 4, nevermind: 5, ask: 6, answer: 7, note: 8, dispatch: 9, log: 10,
} as const;
export type EvKind = (typeof EV)[keyof typeof EV];
export const customerEvents: ReadonlySet<number> = new Set([EV.open, EV.info, EV.nudge, EV.thanks, EV.reopen, EV.nevermind]);
export const noteEvents: ReadonlySet<number> = new Set([EV.note, EV.dispatch]);
/** Author placeholders resolved once the account is known. */
export const AUTHOR_TICKET = -1;
export const AUTHOR_OTHER_CUSTOMER = -2;

export type CloseMode = 'auto' | 'thanks' | 'silent' | 'staff' | 'nevermind' | 'merged';

export interface TicketPlan {
  account: AccountPlan;
  authorId: number | null;
  type: TicketType;
  topic: number;
  priority: Priority;
  hotRush: boolean;
  status: TicketStatus;
  closeMode: CloseMode | null;
  reopened: boolean;
  departmentId: number | null;
  assigneeId: number | null;
  cost: number;
  chargedPoints: number | null;
  chargedAt: number | null;
  license: LicensePlan | null;
  productVersion: string;
  createdAt: number;
  updatedAt: number;
  clockStartedAt: number | null;
  answeredAt: number | null;
  preClosedAt: number | null;
  closedAt: number | null;
  evStart: number;
  evCount: number;
  id: number;
  number: number;
  subject: string;
  mergedInto: TicketPlan | null;
  followUpOf: TicketPlan | null;
  splitFrom: TicketPlan | null;
  /** Log tickets: the URL changes they record. */
  logEntries?: UrlChangePlan[];
  /** Placeholders for its texts (version, gateway, file...), drawn once. */
  vars?: Record<string, string | number>;
  /** Walks the phrase pools so one conversation does not repeat itself. */
  phrase?: number;
  order: number;
}

export interface TransferPlan {
  license: LicensePlan;
  from: AccountPlan;
  to: AccountPlan | null;
  targetEmail: string;
  targetCompany: string;
  targetUrl: string;
  points: number;
  status: 'pending' | 'approved' | 'rejected' | 'accepted' | 'cancelled';
  signature: string | null;
  reason: string | null;
  createdAt: number;
  decidedAt: number | null;
  acceptedAt: number | null;
  newLicense: LicensePlan | null;
}

export interface UrlChangePlan {
  license: LicensePlan;
  account: AccountPlan;
  oldUrl: string;
  newUrl: string;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  reason: string | null;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
}

export interface InvoicePlan {
  id: number;
  accountId: number;
  description: string;
  amountCents: number;
  items: unknown[];
  status: 'unpaid' | 'paid' | 'cancelled';
  providerRef: string | null;
  issuedAt: number;
  paidAt: number | null;
}

export interface OrderPlan {
  id: number;
  accountId: number;
  invoiceId: number;
  items: unknown[];
  status: 'pending' | 'verified' | 'rejected';
  rejectReason: string | null;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
}

export interface LedgerPlan {
  accountId: number;
  kind: LedgerKind;
  points: number;
  reason: string;
  ticketId: number | null;
  licenseId: number | null;
  orderId: number | null;
  createdBy: number | null;
  createdAt: number;
}

export interface HistoryPlan {
  licenseId: number;
  event: string;
  from: number | null;
  to: number | null;
  details: Record<string, unknown>;
  actor: number | null;
  at: number;
}

export interface StaffPool {
  all: UserPlan[];
  byEmail: Map<string, UserPlan>;
  /** Weighted members per department id; the demo engineer weighs more in Tech support. */
  members: Map<number, Array<readonly [UserPlan, number]>>;
  dispatchers: UserPlan[];
  billing: UserPlan[];
  admin: UserPlan;
}

export interface GenerateOptions {
  /** Total tickets to create, the demo customer's and the log tickets included. */
  tickets: number;
  seed?: number;
  /** The generator's "now": every time lies before it. */
  now: number;
  /** Where the demo files' contents go (DATA_DIR/blobs); without it the rows name blobs nobody stored. */
  blobs?: BlobStore;
}
