/**
 * Staff side of the file area: an account's file area exactly as its primary user sees it,
 * with the reason for each hidden folder (the help page's "Why can't I see the software
 * files?", answered from the same rules the customer gets); downloads of any file and of the
 * attachments of tickets the staff member may see; attachments for replies.
 */
import { z } from 'zod';
import { AccountIdParams, AttachmentUploadQuery, IdParams, StaffFileArea, UploadedAttachment } from '../../shared/api/files';
import { staffRoles } from '../../shared/domain/model';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { forbidden, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import type { SessionUser } from '../auth/sessions';
import { assertStaffSees, staffReadsAccountPrivateData } from '../tickets/ticketAccess';
import { accountAttachments, accountFileArea, myFiles } from './fileArea';
import { uploadedFileName } from './fileNames';
import { storeAttachment } from './fileStore';
import { sendBlob } from './sendBlob';

const tag = 'Staff files';
const binary = z.string().describe('the file\'s bytes');

/** The ticket, if the staff member may see it: 404 when there is none, 403 (not_yours) when it is another department's. */
async function visibleTicket(db: Queryable, user: SessionUser, ticketId: number, lock = false) {
  const t = await queryBuilder(db)
    .selectFrom('tickets')
    .select(['id', 'status', 'departmentId', 'assigneeId'])
    .where('id', '=', ticketId)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!t) throw notFound(`ticket ${ticketId}`);
  assertStaffSees(user, t);
  return t;
}

export function staffFileRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/staff/accounts/:accountId/file-area', tag, access: staffRoles,
      summary: 'Read an account\'s file area as its primary user sees it, with the reason for each hidden folder',
      params: AccountIdParams, response: StaffFileArea,
      handler: async ({ user, params }) => {
        const account = await queryBuilder(ctx.db).selectFrom('accounts').select(['id', 'company']).where('id', '=', params.accountId).executeTakeFirst();
        if (!account) throw notFound(`account ${params.accountId}`);
        const area = await accountFileArea(ctx.db, account.id, 'primary');
        const verdicts = new Map(area.visibility.folders.map((v) => [v.folderId, v]));
        return {
          account,
          viewer: 'primary' as const,
          summary: area.visibility.account,
          folders: area.folders.map((f) => {
            const v = verdicts.get(f.id)!;
            const files = area.files.get(f.id) ?? [];
            return { id: f.id, parentId: f.parentId, name: f.name, path: f.path, access: f.access, product: f.product, visible: v.visible, code: v.code, message: v.message, files: v.visible ? files : [], publishedFiles: files.length };
          }),
          // The customer's own uploads: listed only to those who may download them.
          myFiles: { ...area.visibility.myFiles, files: (await staffReadsAccountPrivateData(ctx.db, user, account.id)) ? await myFiles(ctx.db, account.id) : [] },
          ticketAttachments: { ...area.visibility.ticketAttachments, files: await accountAttachments(ctx.db, account.id) },
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/staff/files/:id/download', tag, access: staffRoles, summary: 'Download a file of the file area, or of a customer\'s My files (billing, admins, the staff of one of the account\'s tickets) (Range requests resume)',
      params: IdParams, response: binary, produces: 'application/octet-stream',
      handler: async ({ user, params, request, reply }) => {
        const f = await queryBuilder(ctx.db).selectFrom('files').select(['name', 'sha256', 'accountId']).where('id', '=', params.id).executeTakeFirst();
        if (!f) throw notFound(`file ${params.id}`);
        if (f.accountId !== null && !(await staffReadsAccountPrivateData(ctx.db, user, f.accountId))) {
          throw forbidden("a customer's own uploads are for billing and admins, or the staff of one of that account's tickets");
        }
        return sendBlob(request, reply, ctx.blobs, f);
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/staff/attachments/:id/download', tag, access: staffRoles, summary: 'Download an attachment of a ticket you may see (Range requests resume)',
      params: IdParams, response: binary, produces: 'application/octet-stream',
      handler: async ({ user, params, request, reply }) => {
        const a = await queryBuilder(ctx.db).selectFrom('attachments').select(['ticketId', 'fileName', 'sha256']).where('id', '=', params.id).executeTakeFirst();
        if (!a) throw notFound(`attachment ${params.id}`);
        await visibleTicket(ctx.db, user, a.ticketId);
        return sendBlob(request, reply, ctx.blobs, { sha256: a.sha256, name: a.fileName });
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/staff/tickets/:id/attachments', tag, access: staffRoles, rawBody: true,
      summary: 'Attach a file to a ticket you may see, for a reply (raw bytes, application/octet-stream; the name in ?name=, the message in ?messageId=; ?key= names the upload, so a repeat of a stored one is answered 200 with it)',
      params: IdParams, query: AttachmentUploadQuery, response: UploadedAttachment,
      handler: async ({ user, params, query, request, reply }) => {
        return storeAttachment(ctx, request, reply, {
          user, fileName: uploadedFileName(request, query.name), messageId: query.messageId, uploadKey: query.key, label: `ticket ${params.id}`, customer: false,
          findTicket: (q, lock) => visibleTicket(q, user, params.id, lock),
        });
      },
    }),
  ];
}
