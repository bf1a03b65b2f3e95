/**
 * An account's file area exactly as its primary user sees it, with the reason for each hidden
 * folder, computed from the cache (so it works offline) by the same shared rules the server
 * answers customers with (shared/files/visibility.ts). Same shape as the server's
 * GET /api/staff/accounts/:id/file-area; the ticket attachments are those of the account's
 * tickets this console holds.
 */
import type { z } from 'zod';
import type { AttachmentEntry, FileEntry, StaffFileArea } from '../../shared/api/files';
import { fileAreaVisibility, type VisibilityFolder, type VisibilityLicense } from '../../shared/files/visibility';
import type { CacheReader } from '../cache/cacheDatabase';

type Area = z.infer<typeof StaffFileArea>;
type File = z.infer<typeof FileEntry>;
type Attachment = z.infer<typeof AttachmentEntry>;

const fileColumns = `f.id, f.name, coalesce(f.note, '') AS note, f.size, f.sha256, f.created_at AS createdAt`;

/** Each folder's path from the top ("X-Cart 4.1.x/Distribution kits"). */
function pathsOf(folders: readonly VisibilityFolder[]): Map<number, string> {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const paths = new Map<number, string>();
  const pathOf = (f: VisibilityFolder, depth = 0): string => {
    const known = paths.get(f.id);
    if (known !== undefined) return known;
    const parent = f.parentId === null ? undefined : byId.get(f.parentId);
    // The depth guard keeps a broken cache (a cycle) from hanging the console.
    const p = parent && depth < 64 ? `${pathOf(parent, depth + 1)}/${f.name}` : f.name;
    paths.set(f.id, p);
    return p;
  };
  for (const f of folders) pathOf(f);
  return paths;
}

export function readAccountFileView(r: CacheReader, accountId: number): Area | null {
  const account = r.statement('SELECT id, company FROM accounts WHERE id = ?').get(accountId) as { id: number; company: string | null } | undefined;
  if (!account) return null;
  const folders = r.statement('SELECT id, parent_id AS parentId, name, access, product FROM file_folders').all() as VisibilityFolder[];
  const licenses = r.statement('SELECT product, kind, status, edition FROM licenses WHERE account_id = ?').all(accountId) as VisibilityLicense[];
  const visibility = fileAreaVisibility({ viewer: 'primary', licenses, folders });
  const verdicts = new Map(visibility.folders.map((v) => [v.folderId, v]));
  const paths = pathsOf(folders);
  const published = new Map<number, File[]>();
  for (const { folderId, ...f } of r
    .statement(`SELECT ${fileColumns}, f.folder_id AS folderId FROM files f WHERE f.folder_id IS NOT NULL AND f.published = 1 ORDER BY lower(f.name), f.id`)
    .all() as Array<File & { folderId: number }>) {
    published.set(folderId, [...(published.get(folderId) ?? []), f]);
  }
  const myFiles = r.statement(`SELECT ${fileColumns} FROM files f WHERE f.account_id = ? AND f.folder_id IS NULL ORDER BY f.created_at DESC, f.id DESC`).all(accountId) as File[];
  return {
    account: { id: account.id, company: account.company ?? '' },
    viewer: 'primary',
    summary: visibility.account,
    folders: folders
      .map((f) => {
        const v = verdicts.get(f.id)!;
        const files = published.get(f.id) ?? [];
        return { ...f, path: paths.get(f.id) ?? f.name, visible: v.visible, code: v.code, message: v.message, files: v.visible ? files : [], publishedFiles: files.length };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.id - b.id)),
    myFiles: { ...visibility.myFiles, files: myFiles },
    ticketAttachments: { ...visibility.ticketAttachments, files: customerAttachments(r, accountId) },
  };
}

/**
 * The attachments the account's users see (the server's customerSeesAttachment): on one of its
 * tickets, not on an internal note; one not linked to a message yet only when a customer
 * uploaded it (a staff upload for a reply not yet sent is not theirs to see).
 */
function customerAttachments(r: CacheReader, accountId: number): Attachment[] {
  const rows = r
    .statement(
      `SELECT a.id, a.ticket_id AS ticketId, t.number AS ticketNumber, t.subject AS ticketSubject, a.message_id AS messageId, a.file_name AS fileName,
              a.size, a.sha256, coalesce(up.role LIKE 'staff.%', 0) AS fromStaff, a.created_at AS createdAt
         FROM attachments a JOIN tickets t ON t.id = a.ticket_id LEFT JOIN users up ON up.id = a.uploaded_by
        WHERE t.account_id = ? AND a.id > 0
          AND ((a.message_id IS NULL AND up.account_id = t.account_id)
               OR EXISTS (SELECT 1 FROM messages m WHERE m.id = a.message_id AND m.kind <> 'note'))
        ORDER BY a.created_at DESC, a.id DESC`,
    )
    .all(accountId) as Array<Omit<Attachment, 'fromStaff'> & { fromStaff: number }>;
  return rows.map((a) => ({ ...a, fromStaff: a.fromStaff === 1 }));
}
