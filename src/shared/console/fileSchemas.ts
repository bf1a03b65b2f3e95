/**
 * Schemas of the console's file area operations (contract.ts `files.*`): the folder tree from
 * the cache with what is available offline, downloads into the local blob cache, and the
 * upload queue (attachments for replies, admin publishing) with each upload's state.
 */
import { z } from 'zod';
import { FileAccess } from '../api/files';
import { fileNameProblem } from '../files/fileNames';

const id = z.number().int().positive();
const time = z.number().int();

/** What to download: a file of the file area (or a customer's My files), or a ticket attachment. */
export const FileRef = z.strictObject({ kind: z.enum(['file', 'attachment']), id });
export type FileRef = z.infer<typeof FileRef>;

/** Bytes of a download so far; also the `fileProgress` event. */
export const FileProgress = z.object({
  kind: z.enum(['file', 'attachment']),
  id,
  sha256: z.string(),
  received: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  state: z.enum(['downloading', 'done', 'failed']),
  /** Why the download stopped (state `failed`); fetching again resumes where it stopped. */
  error: z.string().nullable(),
});
export type FileProgress = z.infer<typeof FileProgress>;

export const TreeFolder = z.object({ id, parentId: id.nullable(), name: z.string(), access: FileAccess, product: z.string().nullable() });
export const TreeFile = z.object({
  id,
  folderId: id,
  name: z.string(),
  note: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Customers see only published files. */
  published: z.boolean(),
  createdAt: time,
  /** Its bytes are in this console's blob cache: it opens offline. */
  cached: z.boolean(),
  /** A download running now, if any. */
  progress: z.object({ received: z.number().int(), total: z.number().int() }).nullable(),
});
/** Folders (parents before children, by name) and every file of the file area in the cache. */
export const FileTree = z.object({ folders: z.array(TreeFolder), files: z.array(TreeFile) });
export type FileTree = z.infer<typeof FileTree>;

export const FetchedFile = z.object({
  sha256: z.string(),
  size: z.number().int(),
  cached: z.literal(true),
  /** Bytes a previous, interrupted download had left (0: from the start, or already cached). */
  resumedFrom: z.number().int().nonnegative(),
});

/**
 * How the user gets at a cached file. In the desktop app it is copied under its real name and
 * shown in the file manager (`shown`), never run; in the browser, `downloadUrl` (the web
 * host's, one use, short-lived) makes the browser save it.
 */
export const OpenedFile = z.object({ shown: z.boolean(), downloadUrl: z.string().nullable() });

const note = z.string().trim().max(2000, 'must be at most 2000 characters');
export const UploadTarget = z.discriminatedUnion('kind', [
  /**
   * An attachment of a ticket. With `clientRef` it belongs to the reply or note sent with that
   * clientRef and uploads once the server has that message (until then it is a draft);
   * without, it uploads at once as a staff-only attachment.
   */
  z.strictObject({ kind: z.literal('ticket'), ticketId: id, clientRef: z.string().min(8).max(64).optional() }),
  /** Admins: a file published into a folder of the file area. */
  z.strictObject({ kind: z.literal('folder'), folderId: id, note: note.default(''), published: z.boolean().default(true) }),
]);
export type UploadTarget = z.infer<typeof UploadTarget>;

/**
 * draft: waits for its reply to be sent; waitingForReply: the reply is on its way to the
 * server; queued: waiting to be sent (offline, or retrying after `nextAttemptAt`); sending;
 * sent; failed: refused, with the reason (retry or discard it).
 */
export const UploadState = z.enum(['draft', 'waitingForReply', 'queued', 'sending', 'sent', 'failed']);
export type UploadState = z.infer<typeof UploadState>;

export const UploadItem = z.object({
  id,
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  target: UploadTarget,
  state: UploadState,
  attempts: z.number().int(),
  nextAttemptAt: time.nullable(),
  /** The last failure: the server's refusal, or why the last attempt did not get through. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The file's or attachment's id on the server, once sent. */
  serverId: id.nullable(),
  createdAt: time,
});
export type UploadItem = z.infer<typeof UploadItem>;

/** The most one staged upload may hold: the renderer sends the bytes over IPC or the web host's WebSocket. */
export const stageUploadMaxBytes = 20 * 1024 * 1024;
const maxBase64Length = Math.ceil(stageUploadMaxBytes / 3) * 4;

export const StageUploadInput = z.strictObject({
  name: z
    .string()
    .transform((n) => n.normalize('NFC'))
    .superRefine((n, ctx) => {
      const problem = fileNameProblem(n);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  dataBase64: z
    .string()
    .max(maxBase64Length, `the file is larger than ${stageUploadMaxBytes / 1024 / 1024} MB, the most the console can stage at once`)
    .refine((b) => b.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(b), 'must be base64 text'),
  target: UploadTarget,
});
