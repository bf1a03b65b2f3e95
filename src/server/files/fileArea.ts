/**
 * Reads of the file area for one account: the folder tree with the visibility verdicts of
 * shared/files/visibility.ts, the published files of the shown folders, the account's own
 * uploads and the attachments its users may see. Customers and staff read through here, so
 * "as the primary user sees it" is the customer's answer, not a re-implementation.
 */
import type { z } from 'zod';
import type { AttachmentEntry, FileEntry } from '../../shared/api/files';
import { fileAreaVisibility, type FileAreaVisibility, type Viewer, type VisibilityFolder, type VisibilityLicense } from '../../shared/files/visibility';
import type { Queryable } from '../db/database';
import { notFound } from '../http/errors';

type File = z.infer<typeof FileEntry>;
type Attachment = z.infer<typeof AttachmentEntry>;
export interface FolderRow extends VisibilityFolder {
  path: string;
}

const fileColumns = `f.id, f.name, f.note, f.size, f.sha256, f.created_at AS "createdAt"`;

/**
 * An attachment the account's users may see: on one of its tickets, and not on an internal
 * note. One without a message yet (a staff upload for a reply not sent) shows only when a
 * customer uploaded it. `a` is the attachment, `t` its ticket.
 */
export const customerSeesAttachment = `(a.message_id IS NULL AND EXISTS (SELECT 1 FROM users u WHERE u.id = a.uploaded_by AND u.account_id = t.account_id))
  OR EXISTS (SELECT 1 FROM ticket_messages m WHERE m.id = a.message_id AND m.kind <> 'note')`;

export const attachmentColumns = `a.id, a.ticket_id AS "ticketId", t.number AS "ticketNumber", t.subject AS "ticketSubject", a.message_id AS "messageId",
  a.file_name AS "fileName", a.size, a.sha256, coalesce(up.role LIKE 'staff.%', false) AS "fromStaff", a.created_at AS "createdAt"`;
export const attachmentFrom = `attachments a JOIN tickets t ON t.id = a.ticket_id LEFT JOIN users up ON up.id = a.uploaded_by`;

/** Every folder with its path, parents before children. */
export async function loadFolders(db: Queryable): Promise<FolderRow[]> {
  return db.query<FolderRow>(`
    WITH RECURSIVE tree AS (
      SELECT id, parent_id, name, access, product, name::text AS path FROM file_folders WHERE parent_id IS NULL
      UNION ALL
      SELECT f.id, f.parent_id, f.name, f.access, f.product, tree.path || '/' || f.name FROM file_folders f JOIN tree ON f.parent_id = tree.id)
    SELECT id, parent_id AS "parentId", name, access, product, path FROM tree ORDER BY path, id`);
}

export async function accountLicenses(db: Queryable, accountId: number): Promise<VisibilityLicense[]> {
  return db.query<VisibilityLicense>('SELECT product, kind, status, edition FROM licenses WHERE account_id = $1', [accountId]);
}

export async function myFiles(db: Queryable, accountId: number): Promise<File[]> {
  return db.query<File>(`SELECT ${fileColumns} FROM files f WHERE f.account_id = $1 AND f.folder_id IS NULL ORDER BY f.created_at DESC, f.id DESC`, [accountId]);
}

/** Attachments of the account's tickets that its users may see, newest first; one ticket's with `ticketId`. */
export async function accountAttachments(db: Queryable, accountId: number, ticketId: number | null = null): Promise<Attachment[]> {
  return db.query<Attachment>(
    `SELECT ${attachmentColumns} FROM ${attachmentFrom}
      WHERE t.account_id = $1 AND ($2::bigint IS NULL OR t.id = $2) AND (${customerSeesAttachment})
      ORDER BY a.created_at DESC, a.id DESC`,
    [accountId, ticketId],
  );
}

export interface AccountFileArea {
  folders: FolderRow[];
  visibility: FileAreaVisibility;
  /** Published files per folder id. */
  files: Map<number, File[]>;
}

/** The folders and verdicts for `viewer` of the account, with the published files of every folder. */
export async function accountFileArea(db: Queryable, accountId: number, viewer: Viewer): Promise<AccountFileArea> {
  const folders = await loadFolders(db);
  const visibility = fileAreaVisibility({ viewer, licenses: await accountLicenses(db, accountId), folders });
  const rows = await db.query<File & { folderId: number }>(
    `SELECT ${fileColumns}, f.folder_id AS "folderId" FROM files f WHERE f.folder_id IS NOT NULL AND f.published ORDER BY lower(f.name), f.id`,
  );
  const files = new Map<number, File[]>();
  for (const { folderId, ...f } of rows) files.set(folderId, [...(files.get(folderId) ?? []), f]);
  return { folders, visibility, files };
}

/** Whether the account's `viewer` may download the file: a published file of a shown folder, or one of its own uploads. */
export async function customerFile(db: Queryable, accountId: number, fileId: number): Promise<{ id: number; name: string; sha256: string }> {
  const [f] = await db.query<{ id: number; name: string; sha256: string; folderId: number | null; accountId: number | null; published: boolean }>(
    'SELECT id, name, sha256, folder_id AS "folderId", account_id AS "accountId", published FROM files WHERE id = $1',
    [fileId],
  );
  // One answer for "no such file" and "not yours to see": existence is not leaked.
  const missing = notFound(`file ${fileId}`);
  if (!f) throw missing;
  if (f.folderId === null) {
    if (f.accountId !== accountId) throw missing;
    return f;
  }
  if (!f.published) throw missing;
  const folders = await loadFolders(db);
  const verdict = fileAreaVisibility({ viewer: 'primary', licenses: await accountLicenses(db, accountId), folders }).folders.find((v) => v.folderId === f.folderId);
  if (!verdict?.visible) throw missing;
  return f;
}
