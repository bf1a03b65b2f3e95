/**
 * Writes of the file area: rows in files, file_folders and attachments go through the change
 * log (consoles sync them), and a blob lives exactly as long as some row names it.
 *
 * Blob and row cannot share one transaction, so both sides meet under a per-hash advisory
 * lock: an upload stores its blob, then inserts its row while holding the lock and checking
 * the blob is still there; a delete removes its row, then (holding the lock) removes the blob
 * only if no row names it any more. Whatever interleaving, no row points at a missing blob and
 * a refused or failed upload leaves no blob behind.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Queryable } from '../db/database';
import { queryBuilder, sql } from '../db/queryBuilder';
import { ApiError, conflict } from '../http/errors';
import { discardUpload, receiveUpload } from '../http/rawUpload';
import { write, type ChangeWriter } from '../sync/changeLog';
import type { ServerContext } from '../serverContext';
import type { SessionUser } from '../auth/sessions';
import type { StoredBlob } from './blobStore';
import { attachmentRows } from './fileArea';
import { isUniqueViolation } from '../db/pgErrors';

export const defaultUploadMaxBytes = 100 * 1024 * 1024;

/** Serialises a blob's upload and its sweep across processes (the protocol above). */
export const lockBlob = (tx: Queryable, sha256: string) => sql`SELECT pg_advisory_xact_lock(hashtextextended('blob:' || ${sha256}, 0))`.execute(queryBuilder(tx));

/**
 * Removes the blob unless a row still names it: a file, an attachment, an installer of the
 * update feed, a mail's raw bytes or a held mail's attachment (the same bytes may be all).
 */
export async function sweepBlob(ctx: ServerContext, sha256: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockBlob(tx, sha256);
    const { used } = await queryBuilder(tx)
      .selectNoFrom((eb) =>
        eb
          .or([
            eb.exists(eb.selectFrom('files').select(sql.lit(1).as('one')).where('sha256', '=', sha256)),
            eb.exists(eb.selectFrom('attachments').select(sql.lit(1).as('one')).where('sha256', '=', sha256)),
            eb.exists(eb.selectFrom('updateFiles').select(sql.lit(1).as('one')).where('sha256', '=', sha256)),
            eb.exists(eb.selectFrom('inboundMails').select(sql.lit(1).as('one')).where('rawSha256', '=', sha256)),
            eb.exists(
              eb.selectFrom('heldMails').select(sql.lit(1).as('one')).where(sql<boolean>`attachments @> ${JSON.stringify([{ sha256 }])}::jsonb`),
            ),
          ])
          .as('used'),
      )
      .executeTakeFirstOrThrow();
    if (!used) await ctx.blobs.delete(sha256, tx);
  });
}

/**
 * Streams the request body into the blob store (size-limited), then runs `record` in one
 * change-log transaction to write the row(s) naming it. Any failure after the blob was
 * stored sweeps it again.
 */
export async function storeUpload<T>(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  record: (w: ChangeWriter, blob: StoredBlob) => Promise<T>,
): Promise<T> {
  const maxBytes = ctx.config.fileUploadMaxBytes ?? defaultUploadMaxBytes;
  const blob = await receiveUpload(request, reply, maxBytes, (body: Readable) => ctx.blobs.put(body));
  try {
    return await write(ctx.db, ctx.clock.now(), async (w) => {
      await lockBlob(w, blob.sha256);
      // A delete of the last other row with these bytes may have swept the blob meanwhile.
      if (!(await ctx.blobs.has(blob.sha256, w))) throw new ApiError(503, 'upload_raced', 'the upload met a concurrent delete of the same content; send it again');
      return record(w, blob);
    });
  } catch (err) {
    await sweepBlob(ctx, blob.sha256);
    throw uniqueNameConflict(err) ?? err;
  }
}

/**
 * Stores an upload once per key (migration 019): `earlier` reads the row an attempt with the
 * same key (and uploader) stored. Found before the bytes are read, it is the answer (200) and
 * the bytes are dropped; otherwise `store` runs (201). A repeat that raced its first attempt,
 * or that is refused because of it (the folder now holds a file of that name, the ticket has
 * closed since), finds that attempt's row afterwards and is answered with it too. The row a
 * key stored is its upload's answer wherever it moved since (a merge moves attachments).
 */
export async function oncePerKey<T>(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string | undefined,
  earlier: (q: Queryable, key: string) => Promise<T | undefined>,
  store: () => Promise<T>,
): Promise<T> {
  const stored = key === undefined ? undefined : await earlier(ctx.db, key);
  if (stored !== undefined) {
    discardUpload(request, reply);
    reply.code(200);
    return stored;
  }
  try {
    const row = await store();
    reply.code(201);
    return row;
  } catch (err) {
    const raced = key === undefined ? undefined : await earlier(ctx.db, key);
    if (raced === undefined) throw err;
    reply.code(200);
    return raced;
  }
}

/** A second file or folder of the same name in one folder (migration 004's unique indexes). */
export function uniqueNameConflict(err: unknown): ApiError | null {
  if (isUniqueViolation(err, 'files_folder_name')) return conflict('file_exists', 'query.name: the folder already has a file of this name; delete or rename that one first', 'query.name');
  if (isUniqueViolation(err, 'file_folders_sibling_name')) return conflict('folder_exists', 'body.name: the parent folder already has a folder of this name', 'body.name');
  return null;
}

export interface NewFile {
  folderId: number | null;
  accountId: number | null;
  name: string;
  note: string;
  published: boolean;
  uploadedBy: number;
  /** The uploader's key for this upload (`oncePerKey`), when it sent one. */
  uploadKey?: string;
}

export async function insertFile(w: ChangeWriter, f: NewFile, blob: StoredBlob): Promise<number> {
  const { id } = await queryBuilder(w)
    .insertInto('files')
    .values({ folderId: f.folderId, accountId: f.accountId, name: f.name, note: f.note, size: blob.size, sha256: blob.sha256, published: f.published, uploadedBy: f.uploadedBy, uploadKey: f.uploadKey ?? null, createdAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('file', id);
  return id;
}

export async function insertAttachment(
  w: ChangeWriter,
  a: { ticketId: number; messageId: number | null; fileName: string; uploadedBy: number; uploadKey?: string },
  blob: StoredBlob,
): Promise<number> {
  const { id } = await queryBuilder(w)
    .insertInto('attachments')
    .values({ ticketId: a.ticketId, messageId: a.messageId, fileName: a.fileName, size: blob.size, sha256: blob.sha256, uploadedBy: a.uploadedBy, uploadKey: a.uploadKey ?? null, createdAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  w.changed('attachment', id);
  return id;
}

const tables = { file: 'files', file_folder: 'fileFolders' } as const;

/**
 * Deletes a row and tells the consoles. The change log reads a row when it flushes, so the
 * delete is logged (flushed) while the row still exists, then the row goes, all in one
 * transaction.
 */
export async function deleteLogged(w: ChangeWriter, entity: keyof typeof tables, id: number): Promise<void> {
  w.changedWhere(entity, { id }, { op: 'delete' });
  await w.flush();
  await queryBuilder(w).deleteFrom(tables[entity]).where('id', '=', id).execute();
}

/** Deletes the file `find` locks (or a 404 from it), then sweeps its blob. */
export async function removeFile(ctx: ServerContext, find: (w: ChangeWriter) => Promise<{ id: number; sha256: string }>): Promise<void> {
  const sha256 = await write(ctx.db, ctx.clock.now(), async (w) => {
    const f = await find(w);
    await deleteLogged(w, 'file', f.id);
    return f.sha256;
  });
  await sweepBlob(ctx, sha256);
}

/**
 * Stores an upload as an attachment of the ticket `findTicket` returns (a 404 or 403 from it
 * when the caller may not see it). The checks run before the bytes are read, so a refused
 * upload costs nothing, and again under the ticket's row lock before the row is written.
 */
export async function storeAttachment(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  a: {
    user: SessionUser;
    fileName: string;
    messageId?: number;
    /** The uploader's key (`oncePerKey`): a repeat of a stored upload is answered with its row. */
    uploadKey?: string;
    label: string;
    customer: boolean;
    findTicket: (q: Queryable, lock: boolean) => Promise<{ id: number; status: string }>;
  },
): Promise<unknown> {
  const check = async (q: Queryable, lock: boolean) => {
    const t = await a.findTicket(q, lock);
    if (t.status === 'closed') throw conflict('ticket_closed', `${a.label} is closed: reopen it to attach files`);
    if (a.messageId !== undefined) {
      // A customer cannot attach to an internal note it never sees.
      const m = await queryBuilder(q)
        .selectFrom('ticketMessages')
        .select('id')
        .where('id', '=', a.messageId)
        .where('ticketId', '=', t.id)
        .$if(a.customer, (qb) => qb.where('kind', '<>', 'note'))
        .executeTakeFirst();
      if (!m) throw new ApiError(400, 'unknown_message', `query.messageId: message ${a.messageId} is not part of ${a.label}`, 'query.messageId');
    }
    return t;
  };
  const earlier = (q: Queryable, key: string) => attachmentRows(q).where('a.uploadedBy', '=', a.user.id).where('a.uploadKey', '=', key).executeTakeFirst();
  return oncePerKey(ctx, request, reply, a.uploadKey, earlier, async () => {
    await check(ctx.db, false);
    return storeUpload(ctx, request, reply, async (w, blob) => {
      const t = await check(w, true);
      const id = await insertAttachment(w, { ticketId: t.id, messageId: a.messageId ?? null, fileName: a.fileName, uploadedBy: a.user.id, uploadKey: a.uploadKey }, blob);
      return attachmentRows(w).where('a.id', '=', id).executeTakeFirstOrThrow();
    });
  });
}
