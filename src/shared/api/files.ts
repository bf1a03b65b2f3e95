/**
 * Request and response schemas of the file area API: customers (`/api/customer/files...`,
 * ticket attachments under `/api/customer/tickets/:number/attachments`), staff
 * (`/api/staff/...`) and admin publishing (`/api/admin/file-folders`, `/api/admin/files`).
 * Uploads are raw bytes (`application/octet-stream`); their name travels in `?name=`.
 */
import { z } from 'zod';
import { urlId } from './urlNumbers';

const id = urlId();
export const IdParams = z.strictObject({ id });
export const AccountIdParams = z.strictObject({ accountId: id });
export const TicketAttachmentParams = z.strictObject({
  number: urlId('must be a ticket number'),
  id,
});

const note = z.string().trim().max(2000, 'must be at most 2000 characters');
/** `?name=` (or the X-File-Name header); checked by safeFileName, which names the field. */
const uploadName = z.string().optional();
const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/**
 * `?key=`: the uploader's own name for one upload, the same on every attempt. A repeat whose
 * first attempt was stored (its answer lost) is answered with that row instead of storing the
 * file again.
 */
export const uploadKey = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16 to 64 letters, digits, - or _');

export const UploadQuery = z.strictObject({ name: uploadName });
export const AttachmentUploadQuery = z.strictObject({ name: uploadName, messageId: id.optional(), key: uploadKey.optional() });
export const FolderUploadQuery = z.strictObject({ name: uploadName, note: note.default(''), published: flag.default(false), key: uploadKey.optional() });

export const FileAccess = z.enum(['product', 'addon', 'free']);
export const CreateFolderBody = z
  .strictObject({
    parentId: z.number().int().positive().nullable().default(null),
    name: z.string(),
    access: FileAccess,
    product: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').nullable().default(null),
  })
  .refine((b) => b.access === 'free' || b.product !== null, { message: 'a product or add-on folder must name its product (or add-on)', path: ['product'] });
export const UpdateFolderBody = z
  .strictObject({
    name: z.string().optional(),
    access: FileAccess.optional(),
    product: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.access !== undefined || b.product !== undefined, { message: 'give name, access or product' });
export const UpdateFileBody = z
  .strictObject({ name: z.string().optional(), note: note.optional(), published: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.note !== undefined || b.published !== undefined, { message: 'give name, note or published' });

export const FileEntry = z.object({ id: z.number(), name: z.string(), note: z.string(), size: z.number(), sha256: z.string(), createdAt: z.number() });
export const AttachmentEntry = z.object({
  id: z.number(),
  ticketId: z.number(),
  ticketNumber: z.number(),
  ticketSubject: z.string(),
  messageId: z.number().nullable(),
  fileName: z.string(),
  size: z.number(),
  sha256: z.string(),
  /** Uploaded by the vendor's staff (else by someone of the account). */
  fromStaff: z.boolean(),
  createdAt: z.number(),
});

/** Folders parents first; `path` is the names from the top joined by "/". */
export const CustomerFolder = z.object({ id: z.number(), parentId: z.number().nullable(), name: z.string(), path: z.string(), files: z.array(FileEntry) });
export const CustomerFileArea = z.object({
  /** Why the vendor folders are all hidden, when one reason covers it (e.g. every license pending); null otherwise. */
  notice: z.string().nullable(),
  /** The shared visibility code of the notice (HiddenCode in shared/files/visibility.ts: all_pending, transferred_away, no_license...). */
  noticeCode: z.string().nullable(),
  /** Folders not shown whose parent is shown (or top-level ones), with the reason of each. */
  hiddenFolders: z.array(z.object({ id: z.number(), name: z.string(), code: z.string(), message: z.string() })),
  folders: z.array(CustomerFolder),
  myFiles: z.array(FileEntry),
  ticketAttachments: z.array(AttachmentEntry),
});

const Verdict = z.object({ visible: z.boolean(), code: z.string(), message: z.string() });
export const StaffFolder = CustomerFolder.extend({
  access: FileAccess,
  product: z.string().nullable(),
  visible: z.boolean(),
  /** Shown: active_license | active_addon_license | free_folder; hidden: see HiddenCode in shared/files/visibility.ts. */
  code: z.string(),
  message: z.string(),
  /** Published files in the folder, shown or not (files lists them only when shown). */
  publishedFiles: z.number(),
});
export const StaffFileArea = z.object({
  account: z.object({ id: z.number(), company: z.string() }),
  viewer: z.literal('primary'),
  summary: Verdict.nullable(),
  folders: z.array(StaffFolder),
  myFiles: Verdict.extend({ files: z.array(FileEntry) }),
  ticketAttachments: Verdict.extend({ files: z.array(AttachmentEntry) }),
});

export const UploadedFile = FileEntry.extend({ folderId: z.number().nullable(), published: z.boolean() });
export const UploadedAttachment = AttachmentEntry;
export const FolderResult = z.object({ id: z.number(), parentId: z.number().nullable(), name: z.string(), access: FileAccess, product: z.string().nullable() });
