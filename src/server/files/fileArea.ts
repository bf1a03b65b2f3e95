/**
 * Reads of the file area for one account: the folder tree with the visibility verdicts of
 * shared/files/visibility.ts, the published files of the shown folders, the account's own
 * uploads and the attachments its users may see. Customers and staff read through here, so
 * "as the primary user sees it" is the customer's answer, not a re-implementation.
 */
import type { ExpressionBuilder, NotNull } from 'kysely';
import type { z } from 'zod';
import type { AttachmentEntry, FileEntry } from '../../shared/api/files';
import type { LicenseKind, LicenseStatus } from '../../shared/domain/model';
import {
  customerShownFlag,
  fileAreaVisibility,
  shownToCustomers,
  type FileAreaVisibility,
  type FolderAccess,
  type Viewer,
  type VisibilityFolder,
  type VisibilityLicense,
} from '../../shared/files/visibility';
import type { Queryable } from '../db/database';
import { queryBuilder, sql, type Tables } from '../db/queryBuilder';
import { notFound } from '../http/errors';

type File = z.infer<typeof FileEntry>;
type Attachment = z.infer<typeof AttachmentEntry>;
export interface FolderRow extends VisibilityFolder {
  path: string;
}

/** A folder's `access` as its CHECK constraint allows it (the column types say only text). */
export type FolderAccessColumn = { access: FolderAccess };

const fileColumns = ['f.id', 'f.name', 'f.note', 'f.size', 'f.sha256', 'f.createdAt'] as const;

/** An attachment (`a`) with its ticket (`t`) and its uploader (`up`, none for a deleted user). */
export const attachmentFrom = (q: Queryable) =>
  queryBuilder(q).selectFrom('attachments as a').innerJoin('tickets as t', 't.id', 'a.ticketId').leftJoin('users as up', 'up.id', 'a.uploadedBy');

/**
 * An attachment the account's users may see: on one of its tickets, and not on an internal
 * note. One without a message yet (a staff upload for a reply not sent) shows only when a
 * customer uploaded it.
 */
export const customerSeesAttachment = (eb: ExpressionBuilder<Tables & { a: Tables['attachments']; t: Tables['tickets'] }, 'a' | 't'>) =>
  eb.or([
    eb.and([
      eb('a.messageId', 'is', null),
      eb.exists(eb.selectFrom('users as u').select(sql.lit(1).as('one')).whereRef('u.id', '=', 'a.uploadedBy').whereRef('u.accountId', '=', 't.accountId')),
    ]),
    eb.exists(eb.selectFrom('ticketMessages as m').select(sql.lit(1).as('one')).whereRef('m.id', '=', 'a.messageId').where('m.kind', '<>', 'note')),
  ]);

/** `attachmentFrom` with the columns the API lists an attachment by. */
export const attachmentRows = (q: Queryable) =>
  attachmentFrom(q).select((eb) => [
    'a.id',
    'a.ticketId',
    't.number as ticketNumber',
    't.subject as ticketSubject',
    'a.messageId',
    'a.fileName',
    'a.size',
    'a.sha256',
    eb.fn.coalesce(eb('up.role', 'like', 'staff.%'), sql.lit(false)).$castTo<boolean>().as('fromStaff'),
    'a.createdAt',
  ]);

/** Every folder with its path, parents before children. */
export async function loadFolders(db: Queryable): Promise<FolderRow[]> {
  return queryBuilder(db)
    .withRecursive('tree(id, parentId, name, access, product, path)', (qb) =>
      qb
        .selectFrom('fileFolders')
        .select((eb) => ['id', 'parentId', 'name', 'access', 'product', eb.cast<string>('name', 'text').as('path')])
        .where('parentId', 'is', null)
        .unionAll(
          qb
            .selectFrom('fileFolders as f')
            .innerJoin('tree', 'tree.id', 'f.parentId')
            .select(['f.id', 'f.parentId', 'f.name', 'f.access', 'f.product', sql<string>`${sql.ref('tree.path')} || '/' || ${sql.ref('f.name')}`.as('path')]),
        ),
    )
    .selectFrom('tree')
    .select(['id', 'parentId', 'name', 'access', 'product', 'path'])
    .orderBy('path')
    .orderBy('id')
    .$narrowType<FolderRow>()
    .execute();
}

export async function accountLicenses(db: Queryable, accountId: number): Promise<VisibilityLicense[]> {
  return queryBuilder(db)
    .selectFrom('licenses')
    .select(['product', 'kind', 'status', 'edition'])
    .where('accountId', '=', accountId)
    // The columns' CHECK constraints hold them to these unions.
    .$narrowType<{ kind: LicenseKind; status: LicenseStatus }>()
    .execute();
}

export async function myFiles(db: Queryable, accountId: number): Promise<File[]> {
  return queryBuilder(db)
    .selectFrom('files as f')
    .select(fileColumns)
    .where('f.accountId', '=', accountId)
    .where('f.folderId', 'is', null)
    .orderBy('f.createdAt', 'desc')
    .orderBy('f.id', 'desc')
    .execute();
}

/** Attachments of the account's tickets that its users may see, newest first; one ticket's with `ticketId`. */
export async function accountAttachments(db: Queryable, accountId: number, ticketId: number | null = null): Promise<Attachment[]> {
  return attachmentRows(db)
    .where('t.accountId', '=', accountId)
    .$if(ticketId !== null, (qb) => qb.where('t.id', '=', ticketId!))
    .where(customerSeesAttachment)
    .orderBy('a.createdAt', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
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
  const rows = await queryBuilder(db)
    .selectFrom('files as f')
    .select([...fileColumns, 'f.folderId'])
    .where('f.folderId', 'is not', null)
    .where((eb) => eb.ref(`f.${customerShownFlag}`))
    .orderBy((eb) => eb.fn('lower', ['f.name']))
    .orderBy('f.id')
    .$narrowType<{ folderId: NotNull }>()
    .execute();
  const files = new Map<number, File[]>();
  for (const { folderId, ...f } of rows) files.set(folderId, [...(files.get(folderId) ?? []), f]);
  return { folders, visibility, files };
}

/** Whether the account's `viewer` may download the file: a published file of a shown folder, or one of its own uploads. */
export async function customerFile(db: Queryable, accountId: number, fileId: number): Promise<{ id: number; name: string; sha256: string }> {
  const f = await queryBuilder(db)
    .selectFrom('files')
    .select(['id', 'name', 'sha256', 'folderId', 'accountId', customerShownFlag])
    .where('id', '=', fileId)
    .executeTakeFirst();
  // One answer for "no such file" and "not yours to see": existence is not leaked.
  const missing = notFound(`file ${fileId}`);
  if (!f) throw missing;
  if (f.folderId === null) {
    if (f.accountId !== accountId) throw missing;
    return f;
  }
  if (!shownToCustomers(f)) throw missing;
  const folders = await loadFolders(db);
  const verdict = fileAreaVisibility({ viewer: 'primary', licenses: await accountLicenses(db, accountId), folders }).folders.find((v) => v.folderId === f.folderId);
  if (!verdict?.visible) throw missing;
  return f;
}
