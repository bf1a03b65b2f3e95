/**
 * The one way mail comes in, whichever path brought it (IMAP, SMTP): parse, drop what no
 * person wrote, find the ticket and check the sender, then post through the portal's own
 * customer-message rules (tickets/customerMessage.ts). Every mail leaves one inbound_mails
 * row, written in the transaction of what it caused, unique by Message-ID and by the hash of
 * its bytes without trace headers (contentHash): the same mail twice (two paths, a re-read after a crash) lands once.
 *
 * Mail comes in batches (a round of the IMAP watcher; the SMTP receiver's one mail is a batch
 * of one): the checks read the database a few times for the whole batch, and the writes run in
 * one transaction, each mail in a savepoint of its own, so one mail refused or failing is
 * rolled back alone. Per mail that leaves the few statements of its own ticket write, which is
 * what lets a burst of replies in at a few hundred a second on the embedded database.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileNameProblem } from '../../../shared/files/fileNames';
import { publicUrlOf, defaultInbound, type ServerConfig } from '../../config/serverConfig';
import type { LifecycleSettings } from '../../../shared/domain/model';
import type { Queryable } from '../../db/database';
import { againAfterDeadlock, isTransientFault } from '../../db/pgErrors';
import { queryBuilder, sql } from '../../db/queryBuilder';
import { defaultUploadMaxBytes } from '../../files/fileStore';
import { ApiError } from '../../http/errors';
import type { ServerContext } from '../../serverContext';
import type { ChangeWriter } from '../../sync/changeLog';
import { writeBatch } from '../../sync/changeBatch';
import { createCustomerTicket, postCustomerMessage } from '../../tickets/customerMessage';
import { lockTicket } from '../../tickets/ticketStore';
import { unauthenticatedReason } from './authResults';
import { automaticReason } from './automatic';
import { answerHeld } from './heldAnswers';
import { tellHeldMailChanged } from './heldMailNotice';
import { parseMail, UnparseableMail, type InboundAttachment, type InboundMail } from './parseMail';
import { routeMails, type HeldReason, type Sender } from './route';

export type MailPath = 'imap' | 'smtp' | 'api';

export interface IngestResult {
  outcome: 'ticketed' | 'held' | 'ignored' | 'unparseable' | 'duplicate';
  reason: string;
  ticketNumber?: number;
}

export interface IngestLimits {
  maxBytes: number;
  floodLimit: number;
  floodWindowMs: number;
  attachmentMaxBytes: number;
  /** INBOUND_AUTHSERV_ID: whose Authentication-Results to trust. */
  authservId?: string;
}

export const ingestLimits = (config: ServerConfig): IngestLimits => ({
  maxBytes: config.inboundMaxBytes ?? defaultInbound.maxBytes,
  floodLimit: config.inboundFloodLimit ?? defaultInbound.floodLimit,
  floodWindowMs: config.inboundFloodWindowMs ?? defaultInbound.floodWindowMs,
  attachmentMaxBytes: config.fileUploadMaxBytes ?? defaultUploadMaxBytes,
  authservId: config.inboundAuthservId,
});

/** A mail as a path delivered it. `size`: its full size when only its headers were fetched (a mail over the limit). */
export interface IncomingMail {
  raw: Buffer;
  via: MailPath;
  envelopeTo?: readonly string[];
  size?: number;
}

interface Arrival {
  raw: Buffer;
  /** Of the raw bytes (the blob store's key). */
  sha256: string;
  /** Of the mail without its trace headers (contentHash): the exactly-once key. */
  contentSha256: string;
  via: MailPath;
  size: number;
  mail: InboundMail | null;
  /** Why it could not be parsed, when it could not. */
  unparseable?: string;
}

/** What the checks decided for a mail, before anything is written. */
type Plan =
  | { kind: 'duplicate' }
  | { kind: 'keep'; outcome: 'ignored' | 'unparseable'; reason: string }
  | { kind: 'hold'; reason: HeldReason; detail: string | null }
  | { kind: 'post'; sender: Sender | null; ticketId: number | null };

/** A plan with its blobs stored: the attachments kept and the text to file. */
type Prepared = { a: Arrival; plan: Plan; kept: StoredAttachment[]; body: string };

const duplicate: IngestResult = { outcome: 'duplicate', reason: 'this mail was already taken in' };

/** Thrown inside a post's transaction to roll it back: another delivery of the mail committed first. */
class AlreadyTakenIn extends Error {}

/** A name a file may have on a customer's disk; mail gives whatever its sender's client wrote. */
function attachmentName(a: InboundAttachment, i: number): string {
  const cleaned = a.fileName.normalize('NFC').replace(/[/\\\u0000-\u001f]/g, '_').slice(0, 200);
  return fileNameProblem(cleaned) ? `attachment-${i + 1}` : cleaned;
}

export interface StoredAttachment {
  fileName: string;
  sha256: string;
  size: number;
}

/** The mail's stored attachments as the posted message's attachments. */
export async function attachToMessage(w: ChangeWriter, posted: { ticketId: number; messageId: number }, files: StoredAttachment[], uploadedBy: number | null): Promise<void> {
  for (const f of files) {
    const row = await queryBuilder(w)
      .insertInto('attachments')
      .values({ ticketId: posted.ticketId, messageId: posted.messageId, fileName: f.fileName, size: f.size, sha256: f.sha256, uploadedBy, createdAt: w.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    w.changed('attachment', row.id);
  }
}

export class MailIngest {
  constructor(
    private readonly ctx: ServerContext,
    readonly limits: IngestLimits = ingestLimits(ctx.config),
  ) {}

  /** One mail (the SMTP receiver's, and tests'). */
  async ingest(raw: Buffer, via: MailPath, envelopeTo: readonly string[] = [], o: { size?: number } = {}): Promise<IngestResult> {
    return (await this.ingestMany([{ raw, via, envelopeTo, size: o.size }]))[0]!;
  }

  /** Several mails, in order: one result each. */
  async ingestMany(incoming: readonly IncomingMail[]): Promise<IngestResult[]> {
    if (!incoming.length) return [];
    const now = this.ctx.clock.now();
    const arrivals = await Promise.all(incoming.map((i) => arrive(i)));
    const plans = await this.plan(arrivals, now);
    const prepared: Prepared[] = [];
    for (const [i, plan] of plans.entries()) prepared.push(await this.storeBlobs(arrivals[i]!, plan));
    const results = await this.writeAll(prepared, now);
    // The ticket rules said no (say, a ticket merged into one of another account): a dispatcher decides.
    const refused = prepared.flatMap((p, i) => (results[i] instanceof Refusal ? [{ ...p, plan: { kind: 'hold', reason: 'refused', detail: (results[i] as Refusal).message } as Plan }] : []));
    const held = refused.length ? await this.writeAll(refused, now) : [];
    // Holding cannot be refused by the ticket rules; if it failed all the same, nothing of
    // that mail was recorded, and throwing leaves it unseen to be read again.
    const notHeld = held.find((h) => h instanceof Refusal);
    if (notHeld) throw new Error(`an incoming mail could be neither filed nor held: ${notHeld.message}`);
    let next = 0;
    return results.map((r) => (r instanceof Refusal ? (held[next++] as IngestResult) : r));
  }

  /** The checks of every mail, in order, from a few reads for the whole batch. */
  private async plan(arrivals: Arrival[], now: number): Promise<Plan[]> {
    const db = this.ctx.db;
    const parsed = arrivals.filter((a) => a.mail?.from);
    const known = await knownMails(db, parsed.map((a) => a.contentSha256), parsed.flatMap((a) => (a.mail!.messageId ? [a.mail!.messageId] : [])));
    const flood = await floodCounts(db, [...new Set(parsed.map((a) => a.mail!.from))], now - this.limits.floodWindowMs);
    const plans: Array<Plan | null> = arrivals.map((a) => {
      const m = a.mail;
      if (!m) return { kind: 'keep', outcome: 'unparseable', reason: a.unparseable! };
      if (!m.from) return { kind: 'keep', outcome: 'unparseable', reason: 'the mail has no From address' };
      if (known.duplicates.has(a.contentSha256) || (m.messageId && known.duplicates.has(m.messageId))) return { kind: 'duplicate' };
      // Every mail recorded counts towards its sender's flood, those of this batch too.
      const sent = flood.get(m.from) ?? 0;
      flood.set(m.from, sent + 1);
      if (m.messageId && known.ours.has(m.messageId)) return { kind: 'keep', outcome: 'ignored', reason: 'one of our own mails came back' };
      const automatic = automaticReason(m);
      if (automatic) return { kind: 'keep', outcome: 'ignored', reason: `automatic mail (${automatic})` };
      // Held before any route: a forged From of a real customer must not post on that customer's say-so.
      const forged = unauthenticatedReason(m, this.limits.authservId);
      if (forged) return { kind: 'hold', reason: 'not_authenticated', detail: forged };
      if (sent >= this.limits.floodLimit) return { kind: 'hold', reason: 'flood', detail: null };
      if (a.size > this.limits.maxBytes) return { kind: 'hold', reason: 'too_large', detail: null };
      return null;
    });
    const open = arrivals.filter((_, i) => plans[i] === null);
    const routes = await routeMails(db, this.ctx.replyTokens, open.map((a) => a.mail!));
    let next = 0;
    return plans.map((p) => {
      if (p) return p;
      const { sender, route } = routes[next++]!;
      if ('held' in route) return { kind: 'hold', reason: route.held, detail: null };
      return { kind: 'post', sender, ticketId: 'ticketId' in route ? route.ticketId : null };
    });
  }

  /**
   * Blobs first, outside any transaction: a blob without a row is harmless, a row without its
   * blob is not. Held and unparseable mail keeps its raw bytes for a dispatcher's decision.
   */
  private async storeBlobs(a: Arrival, plan: Plan): Promise<Prepared> {
    const raw = plan.kind === 'hold' || (plan.kind === 'keep' && plan.outcome === 'unparseable');
    if (raw) await this.ctx.blobs.put(Readable.from([a.raw]));
    // A mail over the size limit keeps only its headers and text: its attachments were never fetched or are too big to keep.
    if (!a.mail || plan.kind === 'duplicate' || plan.kind === 'keep' || (plan.kind === 'hold' && plan.reason === 'too_large')) {
      return { a, plan, kept: [], body: a.mail?.body ?? '' };
    }
    return { a, plan, ...(await this.storeAttachments(a.mail)) };
  }

  /** Each mail's write in a savepoint of one transaction: a result each, or the refusal of the ticket rules. */
  private async writeAll(prepared: Prepared[], now: number): Promise<Array<IngestResult | Refusal>> {
    const settings = prepared.some((p) => p.plan.kind === 'post') ? await this.ctx.settings.lifecycle() : null;
    const publicUrl = publicUrlOf(this.ctx.config);
    return againAfterDeadlock(() => writeBatch(this.ctx.db, async (batch) => {
      const results: Array<IngestResult | Refusal> = [];
      for (const p of prepared) {
        if (p.plan.kind === 'duplicate') {
          results.push(duplicate);
          continue;
        }
        const plan = p.plan;
        results.push(await batch.step(now, (w) => this.apply(w, p, plan, settings!, publicUrl)).catch((err: unknown) => {
          if (err instanceof AlreadyTakenIn) return duplicate;
          if (err instanceof ApiError) return new Refusal(err.message);
          if (isTransientFault(err)) throw err;
          // A fault of ours with this one mail (its savepoint rolled it back): held with the
          // reason for staff to see, where a throw would fail the whole batch on every round.
          console.error('an incoming mail could not be filed and was held:', err);
          return new Refusal(`the server could not file it because of an error of its own (${err instanceof Error ? err.message : String(err)})`);
        }));
      }
      return results;
    }));
  }

  private apply(w: ChangeWriter, p: Prepared, plan: Exclude<Plan, { kind: 'duplicate' }>, settings: LifecycleSettings, publicUrl: string): Promise<IngestResult> {
    if (plan.kind === 'keep') return this.keep(w, p.a, plan.outcome, plan.reason);
    if (plan.kind === 'hold') return this.hold(w, p, plan.reason, plan.detail, publicUrl);
    return this.post(w, p, plan.sender, plan.ticketId, settings, publicUrl);
  }

  /** The exactly-once record; null when another delivery of the same mail got there first. */
  private async record(
    w: ChangeWriter, a: Arrival, outcome: 'ticketed' | 'held' | 'ignored' | 'unparseable', reason: string, posted?: { ticketId: number; messageId: number },
  ): Promise<number | null> {
    const row = await queryBuilder(w)
      .insertInto('inboundMails')
      .values({
        ticketId: posted?.ticketId ?? null, messageId: posted?.messageId ?? null,
        headerMessageId: a.mail?.messageId ?? null, rawSha256: a.sha256, contentSha256: a.contentSha256, rawSize: a.raw.length, via: a.via,
        sender: (a.mail?.from ?? '').slice(0, 320), subject: (a.mail?.subject ?? '').slice(0, 1000), outcome, reason: reason.slice(0, 2000), receivedAt: w.now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * Logged (automatic mail), or kept with its bytes and held for a dispatcher to see
   * (unparseable mail: its raw text under the reason, never answered).
   */
  private async keep(w: ChangeWriter, a: Arrival, outcome: 'ignored' | 'unparseable', reason: string): Promise<IngestResult> {
    const inboundId = await this.record(w, a, outcome, reason);
    if (inboundId === null) return duplicate;
    if (outcome === 'unparseable') {
      // PostgreSQL text takes no NUL; the raw bytes stay whole in the blob store.
      const rawText = a.raw.toString('utf8', 0, 100_000).replace(/\0/g, '');
      await queryBuilder(w)
        .insertInto('heldMails')
        .values({
          inboundMailId: inboundId, sender: (a.mail?.from ?? '').slice(0, 320), subject: (a.mail?.subject ?? '').slice(0, 1000), reason: 'unparseable',
          body: `${reason}\n\n${rawText}`.slice(0, 100_000), attachments: '[]', createdAt: w.now,
        })
        .execute();
      await tellHeldMailChanged(w);
    }
    return { outcome, reason };
  }

  /** The attachments into the blob store (each within the upload limit; one over it is named in the text instead) and the message text. */
  private async storeAttachments(m: InboundMail): Promise<{ kept: StoredAttachment[]; body: string }> {
    const kept: StoredAttachment[] = [];
    const notes: string[] = [];
    for (const [i, att] of m.attachments.entries()) {
      const fileName = attachmentName(att, i);
      if (att.content.length > this.limits.attachmentMaxBytes) {
        notes.push(`[The attachment "${fileName}" (${att.content.length} bytes) is over the limit of ${this.limits.attachmentMaxBytes} bytes and was not kept.]`);
        continue;
      }
      kept.push({ fileName, ...(await this.ctx.blobs.put(Readable.from([att.content]))) });
    }
    return { kept, body: [m.body || (kept.length ? '(attachments only)' : '(no text)'), ...notes].join('\n\n').slice(0, 100_000) };
  }

  /** Into the dispatchers' queue, with the raw mail and its attachments kept for a dispatcher's decision. */
  private async hold(w: ChangeWriter, p: Prepared, reason: HeldReason, detail: string | null, publicUrl: string): Promise<IngestResult> {
    const m = p.a.mail!;
    const inboundId = await this.record(w, p.a, 'held', detail ?? reason);
    if (inboundId === null) return duplicate;
    await queryBuilder(w)
      .insertInto('heldMails')
      .values({
        inboundMailId: inboundId, sender: m.from.slice(0, 320), subject: m.subject.slice(0, 1000), reason, body: p.body.slice(0, 100_000),
        attachments: JSON.stringify(p.kept), createdAt: w.now,
      })
      .execute();
    await tellHeldMailChanged(w);
    // Never to automatic mail (that was ignored before), and a flood gets no answers at all.
    await answerHeld(w, publicUrl, reason, inboundId, m, this.limits.maxBytes);
    return { outcome: 'held', reason: detail ? `${reason}: ${detail}` : reason };
  }

  private async post(w: ChangeWriter, p: Prepared, sender: Sender | null, ticketId: number | null, settings: LifecycleSettings, publicUrl: string): Promise<IngestResult> {
    const m = p.a.mail!;
    const env = { w, settings, publicUrl, actorId: sender?.id ?? null };
    const words = { authorUserId: sender?.id ?? null, body: p.body, via: 'email' as const };
    let posted;
    if (ticketId === null) {
      posted = await createCustomerTicket(env, {
        ...words, accountId: sender!.accountId, type: 'tech', priority: 'normal', hotRush: false, subject: (m.subject || '(no subject)').slice(0, 300),
      });
    } else {
      let t = await lockTicket(w, { id: ticketId });
      // A merged-away ticket's conversation lives on in its target.
      if (t.mergedIntoId !== null) t = await lockTicket(w, { id: t.mergedIntoId });
      posted = await postCustomerMessage(env, t, words, { reopenClosed: true });
    }
    await attachToMessage(w, posted, p.kept, sender?.id ?? null);
    // Recorded last, with what it made: a delivery of the same mail that got there first
    // makes this insert a no-op, and the whole post rolls back.
    if ((await this.record(w, p.a, 'ticketed', '', posted)) === null) throw new AlreadyTakenIn();
    return { outcome: 'ticketed', reason: ticketId === null ? 'new ticket' : 'reply', ticketNumber: posted.number };
  }
}

/** Refused by the ticket rules: the mail is held instead, in a write of its own. */
class Refusal {
  constructor(readonly message: string) {}
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/**
 * Header fields that the hops on the way add to a mail (an MTA, IMAP delivery, our own SMTP
 * receiver's Return-Path): the same mail delivered by two paths differs in these alone.
 */
const traceHeader = /^(return-path|received|x-received|delivered-to|x-original-to|envelope-to|x-envelope-to|x-envelope-from|received-spf|authentication-results|arc-seal|arc-message-signature|arc-authentication-results|x-spam-[a-z-]*|x-virus-[a-z-]*)$/i;

/**
 * The hash a mail is known by however it came: its bytes without the trace headers, with
 * uniform line ends and no trailing blank lines (SMTP's DATA ends a mail with a line break).
 */
export function contentHash(raw: Buffer): string {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  // A field is its first line and the folded lines after it.
  const fields = head.split(/\r\n(?![ \t])/).filter((f) => !traceHeader.test(f.slice(0, Math.max(0, f.indexOf(':'))).trim()));
  return sha256(Buffer.from(`${fields.join('\r\n')}\r\n\r\n${body.replace(/(\r\n)+$/, '')}`, 'latin1'));
}

async function arrive(i: IncomingMail): Promise<Arrival> {
  const a: Arrival = { raw: i.raw, via: i.via, size: i.size ?? i.raw.length, sha256: sha256(i.raw), contentSha256: contentHash(i.raw), mail: null };
  try {
    a.mail = await parseMail(i.raw, i.envelopeTo ?? []);
  } catch (err) {
    if (!(err instanceof UnparseableMail)) throw err;
    a.unparseable = err.message;
  }
  return a;
}

/** Which of these content hashes and Message-IDs were taken in before, and which Message-IDs are of mails we sent. */
async function knownMails(db: Queryable, shas: string[], messageIds: string[]): Promise<{ duplicates: Set<string>; ours: Set<string> }> {
  const duplicates = new Set<string>();
  const ours = new Set<string>();
  if (!shas.length) return { duplicates, ours };
  const q = queryBuilder(db);
  const seen = await q
    .selectFrom('inboundMails')
    .select(['contentSha256', 'headerMessageId'])
    .where((eb) => eb.or([eb('contentSha256', 'in', shas), ...(messageIds.length ? [eb('headerMessageId', 'in', messageIds)] : [])]))
    .execute();
  for (const r of seen) {
    if (r.contentSha256) duplicates.add(r.contentSha256);
    if (r.headerMessageId) duplicates.add(r.headerMessageId);
  }
  if (messageIds.length) for (const r of await q.selectFrom('emailOutbox').select('messageId').where('messageId', 'in', messageIds).execute()) ours.add(r.messageId!);
  return { duplicates, ours };
}

/** How many mails each of these senders sent since `since`. */
async function floodCounts(db: Queryable, senders: string[], since: number): Promise<Map<string, number>> {
  if (!senders.length) return new Map();
  const rows = await queryBuilder(db)
    .selectFrom('inboundMails')
    .select([sql<string>`lower(sender)`.as('sender'), (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<string>`lower(sender)`, 'in', senders)
    .where('receivedAt', '>', since)
    .groupBy(sql`lower(sender)`)
    .execute();
  return new Map(rows.map((r) => [r.sender, Number(r.n)]));
}
