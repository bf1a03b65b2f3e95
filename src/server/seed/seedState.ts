/**
 * Everything the planners build and the writers read: the plans of every row, the ids handed
 * out, and the lookups between them. One per generation.
 */
import { queryBuilder, sql, type Tables } from '../db/queryBuilder';
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database';
import { demoFileBytes } from './files/demoFiles';
import type { GenerateOptions } from './plans';
import type { AccountPlan, HistoryPlan, InvoicePlan, LedgerPlan, LicensePlan, OrderPlan, StaffPool, TicketPlan, TransferPlan, UrlChangePlan, UserPlan } from './plans';
import { Rng, streamSeed } from './random';
import { DAY, historyDays } from './units';

export class SeedState {
  readonly now: number;
  readonly seed: number;
  readonly totalTickets: number;
  readonly since: number;
  readonly rng: (name: string) => Rng;

  readonly users: UserPlan[] = [];
  readonly usersById = new Map<number, UserPlan>();
  readonly accounts: AccountPlan[] = [];
  readonly licenses: LicensePlan[] = [];
  readonly transfers: TransferPlan[] = [];
  readonly urlChanges: UrlChangePlan[] = [];
  readonly invoices: InvoicePlan[] = [];
  readonly orders: OrderPlan[] = [];
  readonly ledger: LedgerPlan[] = [];
  readonly history: HistoryPlan[] = [];
  readonly tickets: TicketPlan[] = [];
  /** Contents of the demo files by sha256, stored in the blob store after the commit. */
  readonly blobs = new Map<string, Buffer>();
  readonly demoFiles = new Map<string, { size: number; sha256: string }>();
  readonly emails = new Set<string>();
  readonly keys = new Set<string>();
  readonly domains = new Set<string>();
  // Conversation events of all tickets, in parallel arrays (a million objects would not be cheap).
  readonly evTime: number[] = [];
  readonly evKind: number[] = [];
  readonly evAuthor: number[] = [];

  departments = new Map<string, number>();
  staff!: StaffPool;
  hash = '';
  nextId!: Record<'users' | 'accounts' | 'licenses' | 'tickets' | 'messages' | 'invoices' | 'orders' | 'folders', number>;
  firstNumber = 104000;

  constructor(opts: GenerateOptions) {
    this.now = Math.floor(opts.now);
    this.seed = (opts.seed ?? 1) >>> 0;
    this.totalTickets = Math.max(0, Math.floor(opts.tickets));
    this.since = this.now - historyDays * DAY;
    this.rng = (name) => new Rng(streamSeed(this.seed, name));
  }

  /** A demo file's real bytes, kept for the blob store; its size and sha256 for the row. */
  demoFile(name: string, note: string): { size: number; sha256: string } {
    const key = `${name}\n${note}`;
    let known = this.demoFiles.get(key);
    if (!known) {
      const content = demoFileBytes(name, note);
      known = { size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
      this.blobs.set(known.sha256, content);
      this.demoFiles.set(key, known);
    }
    return known;
  }

  /** Ids and ticket numbers continue after the rows already there (the demo people, a kept database). */
  async loadBases(tx: Queryable): Promise<void> {
    const q = queryBuilder(tx);
    const max = async (table: keyof Tables, col = 'id'): Promise<number> =>
      (await q.selectFrom(table).select((eb) => eb.fn.max<number | null>(sql.ref(col)).as('m')).executeTakeFirst())?.m ?? 0;
    this.nextId = {
      users: (await max('users')) + 1,
      accounts: (await max('accounts')) + 1,
      licenses: (await max('licenses')) + 1,
      tickets: (await max('tickets')) + 1,
      messages: (await max('ticketMessages')) + 1,
      invoices: (await max('invoices')) + 1,
      orders: (await max('orders')) + 1,
      folders: (await max('fileFolders')) + 1,
    };
    this.firstNumber = Math.max(104000, (await max('tickets', 'number')) + 1);
    for (const d of await q.selectFrom('departments').select(['id', 'name']).execute()) this.departments.set(d.name, d.id);
    for (const u of await q.selectFrom('users').select(['id', 'email', 'name', 'role', 'accountId']).execute()) {
      this.emails.add(u.email.toLowerCase());
      const [first = u.name, ...rest] = u.name.split(' ');
      const plan: UserPlan = { id: u.id, accountId: u.accountId, email: u.email, first, last: rest.join(' '), role: u.role, createdAt: this.now };
      this.usersById.set(u.id, plan);
    }
  }

  dept(name: string): number {
    const id = this.departments.get(name);
    if (id === undefined) throw new Error(`department "${name}" is missing`);
    return id;
  }

  uniqueEmail(local: string, domain: string): string {
    const clean = local.toLowerCase().replace(/[^a-z0-9.]/g, '');
    let email = `${clean}@${domain}`;
    for (let n = 2; this.emails.has(email); n++) email = `${clean}${n}@${domain}`;
    this.emails.add(email);
    return email;
  }

  newUser(accountId: number | null, first: string, last: string, role: string, domain: string, createdAt: number, local?: string): UserPlan {
    const u: UserPlan = { id: this.nextId.users++, accountId, email: this.uniqueEmail(local ?? `${first}.${last}`, domain), first, last, role, createdAt };
    this.users.push(u);
    this.usersById.set(u.id, u);
    return u;
  }

  user(id: number): UserPlan {
    const u = this.usersById.get(id);
    if (!u) throw new Error(`user ${id} was not planned`);
    return u;
  }

  /** Read by the text writer. */
  userById(id: number): UserPlan {
    return this.user(id);
  }
  departmentName(id: number | null): string {
    for (const [name, d] of this.departments) if (d === id) return name;
    return 'Customer service';
  }
}
