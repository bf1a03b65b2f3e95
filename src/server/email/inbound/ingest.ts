/**
 * The one way mail comes in, whichever path brought it (IMAP, SMTP): parse, drop what no
 * person wrote, find the ticket and check the sender, then post through the portal's own
 * customer-message rules (tickets/customerMessage.ts). Every mail leaves one inbound_mails
 * row, written in the transaction of what it caused, unique by Message-ID and by the hash of
 * its bytes: the same mail twice (two paths, a re-read after a crash) lands once.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileNameProblem } from '../../../shared/files/fileNames';
import { publicUrlOf, defaultInbound, type ServerConfig } from '../../config/serverConfig';
import { lifecycleSettings } from '../../config/settings';
import type { Queryable } from '../../db/database';
import { queryBuilder, sql } from '../../db/queryBuilder';
import { defaultUploadMaxBytes } from '../../files/fileStore';
import { ApiError } from '../../http/errors';
import type { ServerContext } from '../../serverContext';
import { write, type ChangeWriter } from '../../sync/changeLog';
import { createCustomerTicket, postCustomerMessage } from '../../tickets/customerMessage';
import { lockTicket } from '../../tickets/ticketStore';
import { automaticReason } from './automatic';
import { answerHeld } from './heldAnswers';
import { parseMail, UnparseableMail, type InboundAttachment, type InboundMail } from './parseMail';
import { routeMail, senderUser, type HeldReason, type Sender } from './route';

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
}

export const ingestLimits = (config: ServerConfig): IngestLimits => ({
  maxBytes: config.inboundMaxBytes ?? defaultInbound.maxBytes,
  floodLimit: config.inboundFloodLimit ?? defaultInbound.floodLimit,
  floodWindowMs: config.inboundFloodWindowMs ?? defaultInbound.floodWindowMs,
  attachmentMaxBytes: config.fileUploadMaxBytes ?? defaultUploadMaxBytes,
});

interface Arrival {
  raw: Buffer;
  sha256: string;
  via: MailPath;
  now: number;
  mail: InboundMail | null;
}

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

  /** `size`: the mail's full size when only its headers were fetched (a mail over the limit). */
  async ingest(raw: Buffer, via: MailPath, envelopeTo: readonly string[] = [], o: { size?: number } = {}): Promise<IngestResult> {
    const a: Arrival = { raw, via, now: this.ctx.clock.now(), sha256: createHash('sha256').update(raw).digest('hex'), mail: null };
    const db = this.ctx.db;
    try {
      a.mail = await parseMail(raw, envelopeTo);
    } catch (err) {
      if (!(err instanceof UnparseableMail)) throw err;
      return this.keep(a, 'unparseable', err.message);
    }
    const m = a.mail;
    if (!m.from) return this.keep(a, 'unparseable', 'the mail has no From address');
    const known = await this.known(db, a.sha256, m.messageId);
    if (known === 'duplicate') return duplicate;
    if (known === 'ours') return this.keep(a, 'ignored', 'one of our own mails came back');
    const automatic = automaticReason(m);
    if (automatic) return this.keep(a, 'ignored', `automatic mail (${automatic})`);
    if (await this.flooding(m.from, a.now)) return this.hold(a, 'flood', null);
    if ((o.size ?? raw.length) > this.limits.maxBytes) return this.hold(a, 'too_large', null);
    const sender = await senderUser(db, m.from);
    const route = await routeMail(db, this.ctx.replyTokens, m, sender);
    if ('held' in route) return this.hold(a, route.held, null);
    try {
      return await this.post(a, m, sender, 'ticketId' in route ? route.ticketId : null);
    } catch (err) {
      // The ticket rules said no (say, a ticket merged into one of another account): a dispatcher decides.
      if (err instanceof ApiError) return this.hold(a, 'refused', err.message);
      throw err;
    }
  }

  /** Taken in before (by its bytes or its Message-ID), or one of the mails we sent: one round trip for both. */
  private async known(db: Queryable, sha256: string, messageId: string | null): Promise<'duplicate' | 'ours' | null> {
    const q = queryBuilder(db);
    const seen = q
      .selectFrom('inboundMails')
      .select(sql<string>`'duplicate'`.as('kind'))
      .where((eb) => (messageId ? eb.or([eb('rawSha256', '=', sha256), eb('headerMessageId', '=', messageId)]) : eb('rawSha256', '=', sha256)));
    const rows = await (messageId
      ? seen.unionAll(q.selectFrom('emailOutbox').select(sql<string>`'ours'`.as('kind')).where('messageId', '=', messageId))
      : seen
    ).execute();
    if (rows.some((r) => r.kind === 'duplicate')) return 'duplicate';
    return rows.length ? 'ours' : null;
  }

  private async flooding(sender: string, now: number): Promise<boolean> {
    const row = await queryBuilder(this.ctx.db)
      .selectFrom('inboundMails')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<string>`lower(sender)`, '=', sender)
      .where('receivedAt', '>', now - this.limits.floodWindowMs)
      .executeTakeFirstOrThrow();
    return Number(row.n) >= this.limits.floodLimit;
  }

  /** The exactly-once record; null when another delivery of the same mail got there first. */
  private async record(
    w: ChangeWriter, a: Arrival, outcome: 'ticketed' | 'held' | 'ignored' | 'unparseable', reason: string, posted?: { ticketId: number; messageId: number },
  ): Promise<number | null> {
    const row = await queryBuilder(w)
      .insertInto('inboundMails')
      .values({
        ticketId: posted?.ticketId ?? null, messageId: posted?.messageId ?? null,
        headerMessageId: a.mail?.messageId ?? null, rawSha256: a.sha256, rawSize: a.raw.length, via: a.via,
        sender: (a.mail?.from ?? '').slice(0, 320), subject: (a.mail?.subject ?? '').slice(0, 1000), outcome, reason: reason.slice(0, 2000), receivedAt: a.now,
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
  private async keep(a: Arrival, outcome: 'ignored' | 'unparseable', reason: string): Promise<IngestResult> {
    if (outcome === 'unparseable') await this.ctx.blobs.put(Readable.from([a.raw]));
    const id = await write(this.ctx.db, a.now, async (w) => {
      const inboundId = await this.record(w, a, outcome, reason);
      if (inboundId !== null && outcome === 'unparseable') {
        // PostgreSQL text takes no NUL; the raw bytes stay whole in the blob store.
        const rawText = a.raw.toString('utf8', 0, 100_000).replace(/\0/g, '');
        await queryBuilder(w)
          .insertInto('heldMails')
          .values({
            inboundMailId: inboundId, sender: (a.mail?.from ?? '').slice(0, 320), subject: (a.mail?.subject ?? '').slice(0, 1000), reason: 'unparseable',
            body: `${reason}\n\n${rawText}`.slice(0, 100_000), attachments: '[]', createdAt: a.now,
          })
          .execute();
      }
      return inboundId;
    });
    return id === null ? duplicate : { outcome, reason };
  }

  /**
   * The attachments into the blob store (each within the upload limit; one over it is named in
   * the text instead) and the message text. Blobs first, outside any transaction: a blob
   * without a row is harmless, a row without its blob is not.
   */
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
  private async hold(a: Arrival, reason: HeldReason, detail: string | null): Promise<IngestResult> {
    await this.ctx.blobs.put(Readable.from([a.raw]));
    const m = a.mail!;
    // A mail over the size limit keeps only its headers and text: its attachments were never fetched or are too big to keep.
    const { kept, body } = reason === 'too_large' ? { kept: [], body: m.body } : await this.storeAttachments(m);
    const publicUrl = publicUrlOf(this.ctx.config);
    const id = await write(this.ctx.db, a.now, async (w) => {
      const inboundId = await this.record(w, a, 'held', detail ?? reason);
      if (inboundId === null) return null;
      await queryBuilder(w)
        .insertInto('heldMails')
        .values({
          inboundMailId: inboundId, sender: m.from.slice(0, 320), subject: m.subject.slice(0, 1000), reason, body: body.slice(0, 100_000),
          attachments: JSON.stringify(kept), createdAt: a.now,
        })
        .execute();
      // Never to automatic mail (that was ignored before), and a flood gets no answers at all.
      await answerHeld(w, publicUrl, reason, inboundId, m, this.limits.maxBytes);
      return inboundId;
    });
    return id === null ? duplicate : { outcome: 'held', reason: detail ? `${reason}: ${detail}` : reason };
  }

  private async post(a: Arrival, m: InboundMail, sender: Sender | null, ticketId: number | null): Promise<IngestResult> {
    const { kept, body } = await this.storeAttachments(m);
    const settings = await lifecycleSettings(this.ctx.db);
    return write(this.ctx.db, a.now, async (w) => {
      const env = { w, settings, publicUrl: publicUrlOf(this.ctx.config), actorId: sender?.id ?? null };
      const words = { authorUserId: sender?.id ?? null, body, via: 'email' as const };
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
      await attachToMessage(w, posted, kept, sender?.id ?? null);
      // Recorded last, with what it made: a delivery of the same mail that got there first
      // makes this insert a no-op, and the whole post rolls back.
      if ((await this.record(w, a, 'ticketed', '', posted)) === null) throw new AlreadyTakenIn();
      return { outcome: 'ticketed' as const, reason: ticketId === null ? 'new ticket' : 'reply', ticketNumber: posted.number };
    }).catch((err: unknown) => {
      if (err instanceof AlreadyTakenIn) return duplicate;
      throw err;
    });
  }
}
