/**
 * The customer's file area (the help page's "File area"): the tree of folders its licenses
 * open, downloads, "My files" uploads, and the "Ticket attachments" folder. Primary users only:
 * a secondary user gets a 403 saying why. Ticket attachments, being part of the message board,
 * are open to both (under /api/customer/tickets/:number/attachments).
 */
import { z } from 'zod';
import { AttachmentEntry, AttachmentUploadQuery, CustomerFileArea, FileEntry, IdParams, TicketAttachmentParams, UploadQuery, UploadedAttachment, UploadedFile } from '../../shared/api/files';
import { TicketNumberParams } from '../../shared/api/customerTickets';
import { areaNotice, hiddenTopFolders, secondaryMessage } from '../../shared/files/visibility';
import type { SessionUser } from '../auth/sessions';
import { queryBuilder } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { accountAttachments, accountFileArea, accountLicenses, attachmentFrom, customerFile, customerSeesAttachment, myFiles } from './fileArea';
import { uploadedFileName } from './fileNames';
import { insertFile, removeFile, storeAttachment, storeUpload } from './fileStore';
import { sendBlob } from './sendBlob';

const tag = 'Customer files';
const primary = ['customer.primary'] as const;
const customers = ['customer.primary', 'customer.secondary'] as const;
const refusals = { 'customer.secondary': secondaryMessage };
const binary = z.string().describe('the file\'s bytes');

/** The customer's own ticket by number, or a 404 (another account's ticket is not said to exist). */
async function ownTicket(ctx: ServerContext, user: SessionUser, number: number) {
  const t = await queryBuilder(ctx.db).selectFrom('tickets').select('id').where('number', '=', number).where('accountId', '=', user.accountId).executeTakeFirst();
  if (!t) throw notFound(`ticket #${number}`);
  return t;
}

export function customerFileRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/api/customer/files', tag, access: primary, refusals, summary: 'Read the file area: the folders the account\'s licenses open, with their files',
      response: CustomerFileArea,
      handler: async ({ user }) => {
        const area = await accountFileArea(ctx.db, user.accountId!, 'primary');
        const shown = new Set(area.visibility.folders.filter((v) => v.visible).map((v) => v.folderId));
        const notice = areaNotice(area.visibility, await accountLicenses(ctx.db, user.accountId!));
        return {
          notice: notice?.message ?? null,
          noticeCode: notice?.code ?? null,
          // With one reason for everything, naming each folder adds nothing.
          hiddenFolders: area.visibility.account ? [] : hiddenTopFolders(area.folders, area.visibility).map((h) => ({ id: h.folderId, name: h.name, code: h.code, message: h.message })),
          folders: area.folders.filter((f) => shown.has(f.id)).map((f) => ({ id: f.id, parentId: f.parentId, name: f.name, path: f.path, files: area.files.get(f.id) ?? [] })),
          myFiles: await myFiles(ctx.db, user.accountId!),
          ticketAttachments: await accountAttachments(ctx.db, user.accountId!),
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/files/:id/download', tag, access: primary, refusals, summary: 'Download a file of the file area or of My files (Range requests resume)',
      params: IdParams, response: binary, produces: 'application/octet-stream',
      handler: async ({ user, params, request, reply }) => sendBlob(request, reply, ctx.blobs, await customerFile(ctx.db, user.accountId!, params.id)),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/files/my-files', tag, access: primary, refusals, summary: 'List the account\'s own uploads (My files)',
      response: z.object({ files: z.array(FileEntry) }),
      handler: async ({ user }) => ({ files: await myFiles(ctx.db, user.accountId!) }),
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/files/my-files', tag, access: primary, refusals, rawBody: true,
      summary: 'Upload a file to My files (raw bytes, application/octet-stream; the name in ?name=)',
      query: UploadQuery, response: UploadedFile,
      handler: async ({ user, query, request, reply }) => {
        const fileName = uploadedFileName(request, query.name);
        const file = await storeUpload(ctx, request, reply, async (w, blob) => {
          const id = await insertFile(w, { folderId: null, accountId: user.accountId, name: fileName, note: '', published: true, uploadedBy: user.id }, blob);
          return { id, folderId: null, name: fileName, note: '', size: blob.size, sha256: blob.sha256, published: true, createdAt: w.now };
        });
        reply.code(201);
        return file;
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/customer/files/my-files/:id', tag, access: primary, refusals, summary: 'Delete one of the account\'s own uploads',
      params: IdParams, response: z.object({ deleted: z.literal(true) }),
      handler: async ({ user, params }) => {
        await removeFile(ctx, async (w) => {
          const f = await queryBuilder(w)
            .selectFrom('files')
            .select(['id', 'sha256'])
            .where('id', '=', params.id)
            .where('accountId', '=', user.accountId)
            .where('folderId', 'is', null)
            .forUpdate()
            .executeTakeFirst();
          if (!f) throw notFound(`file ${params.id}`);
          return f;
        });
        return { deleted: true as const };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/files/ticket-attachments', tag, access: primary, refusals, summary: 'List the Ticket attachments folder: files either side attached to the account\'s tickets',
      response: z.object({ attachments: z.array(AttachmentEntry) }),
      handler: async ({ user }) => ({ attachments: await accountAttachments(ctx.db, user.accountId!) }),
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/:number/attachments', tag, access: customers, summary: 'List the attachments of an own ticket',
      params: TicketNumberParams, response: z.object({ attachments: z.array(AttachmentEntry) }),
      handler: async ({ user, params }) => {
        const t = await ownTicket(ctx, user, params.number);
        return { attachments: await accountAttachments(ctx.db, user.accountId!, t.id) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/customer/tickets/:number/attachments/:id', tag, access: customers, summary: 'Download an attachment of an own ticket (Range requests resume)',
      params: TicketAttachmentParams, response: binary, produces: 'application/octet-stream',
      handler: async ({ user, params, request, reply }) => {
        const a = await attachmentFrom(ctx.db)
          .select(['a.fileName', 'a.sha256'])
          .where('a.id', '=', params.id)
          .where('t.number', '=', params.number)
          .where('t.accountId', '=', user.accountId)
          .where(customerSeesAttachment)
          .executeTakeFirst();
        if (!a) throw notFound(`attachment ${params.id} of ticket #${params.number}`);
        return sendBlob(request, reply, ctx.blobs, { sha256: a.sha256, name: a.fileName });
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/customer/tickets/:number/attachments', tag, access: customers, rawBody: true,
      summary: 'Attach a file to an own open ticket (raw bytes, application/octet-stream; the name in ?name=)',
      params: TicketNumberParams, query: AttachmentUploadQuery, response: UploadedAttachment,
      handler: async ({ user, params, query, request, reply }) => {
        return storeAttachment(ctx, request, reply, {
          user, fileName: uploadedFileName(request, query.name), messageId: query.messageId, label: `ticket #${params.number}`, customer: true,
          findTicket: async (q, lock) => {
            const t = await queryBuilder(q)
              .selectFrom('tickets')
              .select(['id', 'status'])
              .where('number', '=', params.number)
              .where('accountId', '=', user.accountId)
              .$if(lock, (qb) => qb.forUpdate())
              .executeTakeFirst();
            if (!t) throw notFound(`ticket #${params.number}`);
            return t;
          },
        });
      },
    }),
  ];
}
