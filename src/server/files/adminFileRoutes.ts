/**
 * Publishing the file area (DOMAIN.md: admins only): folders with their access rule, files
 * uploaded into them with a note on which version each is for, published when ready.
 * Every write goes through the change log, so consoles see the tree change.
 */
import { z } from 'zod';
import { CreateFolderBody, FolderResult, FolderUploadQuery, IdParams, UpdateFileBody, UpdateFolderBody, UploadedFile } from '../../shared/api/files';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';
import { conflict, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { write, type ChangeWriter } from '../sync/changeLog';
import type { ServerContext } from '../serverContext';
import { safeFileName, uploadedFileName } from './fileNames';
import type { FolderAccessColumn } from './fileArea';
import { deleteLogged, insertFile, oncePerKey, removeFile, storeUpload, uniqueNameConflict } from './fileStore';

const tag = 'File area publishing';
const admins = ['staff.admin'] as const;
const refusal = 'Only admins publish the file area; ask an admin to change folders or files';
const refusals = { 'staff.dispatcher': refusal, 'staff.engineer': refusal, 'staff.billing': refusal };

const folderColumns = ['id', 'parentId', 'name', 'access', 'product'] as const;
const fileColumns = ['id', 'folderId', 'name', 'note', 'size', 'sha256', 'published', 'createdAt'] as const;

/** A folder/file write whose unique-name violation becomes a 409 naming the field. */
async function publishWrite<T>(ctx: ServerContext, fn: (w: ChangeWriter) => Promise<T>): Promise<T> {
  try {
    return await write(ctx.db, ctx.clock.now(), fn);
  } catch (err) {
    throw uniqueNameConflict(err) ?? err;
  }
}

async function lockFolder(w: ChangeWriter, id: number, field = 'params.id') {
  const f = await queryBuilder(w).selectFrom('fileFolders').select(folderColumns).where('id', '=', id).forUpdate().$narrowType<FolderAccessColumn>().executeTakeFirst();
  if (!f) throw field === 'params.id' ? notFound(`folder ${id}`) : conflict('unknown_folder', `${field}: folder ${id} does not exist`, field);
  return f;
}

export function adminFileRoutes(ctx: ServerContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/api/admin/file-folders', tag, access: admins, refusals, summary: 'Create a folder of the file area',
      body: CreateFolderBody, response: FolderResult,
      handler: async ({ body, reply }) => {
        const name = safeFileName(body.name, 'body.name');
        const folder = await publishWrite(ctx, async (w) => {
          if (body.parentId !== null) await lockFolder(w, body.parentId, 'body.parentId');
          const row = await queryBuilder(w)
            .insertInto('fileFolders')
            .values({ parentId: body.parentId, name, access: body.access, product: body.product })
            .returning(folderColumns)
            .executeTakeFirstOrThrow();
          w.changed('file_folder', row.id);
          return row;
        });
        reply.code(201);
        return folder;
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/admin/file-folders/:id', tag, access: admins, refusals, summary: 'Rename a folder or change its access rule',
      params: IdParams, body: UpdateFolderBody, response: FolderResult,
      handler: async ({ params, body }) => {
        const name = body.name === undefined ? undefined : safeFileName(body.name, 'body.name');
        return publishWrite(ctx, async (w) => {
          const f = await lockFolder(w, params.id);
          const next = { name: name ?? f.name, access: body.access ?? f.access, product: body.product === undefined ? f.product : body.product };
          if (next.access !== 'free' && next.product === null) throw conflict('product_required', 'body.product: a product or add-on folder must name its product (or add-on)', 'body.product');
          const row = await queryBuilder(w)
            .updateTable('fileFolders')
            .set((eb) => ({ ...next, version: eb('version', '+', 1) }))
            .where('id', '=', f.id)
            .returning(folderColumns)
            .executeTakeFirstOrThrow();
          w.changed('file_folder', f.id);
          return row;
        });
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/admin/file-folders/:id', tag, access: admins, refusals, summary: 'Delete an empty folder',
      params: IdParams, response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await write(ctx.db, ctx.clock.now(), async (w) => {
          await lockFolder(w, params.id);
          const { n } = await queryBuilder(w)
            .selectNoFrom((eb) =>
              eb(
                eb.selectFrom('files').select(eb.fn.countAll<number>().as('n')).where('folderId', '=', params.id),
                '+',
                eb.selectFrom('fileFolders').select(eb.fn.countAll<number>().as('n')).where('parentId', '=', params.id),
              ).as('n'),
            )
            .executeTakeFirstOrThrow();
          if (Number(n) > 0) throw conflict('folder_not_empty', `folder ${params.id} still holds files or folders; delete or move them first`);
          await deleteLogged(w, 'file_folder', params.id);
        });
        return { deleted: true as const };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/admin/file-folders/:id/files', tag, access: admins, refusals, rawBody: true,
      summary: 'Upload a file into a folder (raw bytes, application/octet-stream; ?name=, ?note=, ?published=; ?key= names the upload, so a repeat of a stored one is answered 200 with it)',
      params: IdParams, query: FolderUploadQuery, response: UploadedFile,
      handler: async ({ user, params, query, request, reply }) => {
        const fileName = uploadedFileName(request, query.name);
        const exists = await queryBuilder(ctx.db).selectFrom('fileFolders').select('id').where('id', '=', params.id).executeTakeFirst();
        if (!exists) throw notFound(`folder ${params.id}`);
        const earlier = (q: Queryable, key: string) => queryBuilder(q).selectFrom('files').select(fileColumns).where('uploadedBy', '=', user.id).where('uploadKey', '=', key).executeTakeFirst();
        return oncePerKey(ctx, request, reply, query.key, earlier, () =>
          storeUpload(ctx, request, reply, async (w, blob) => {
            await lockFolder(w, params.id);
            const id = await insertFile(w, { folderId: params.id, accountId: null, name: fileName, note: query.note, published: query.published, uploadedBy: user.id, uploadKey: query.key }, blob);
            return queryBuilder(w).selectFrom('files').select(fileColumns).where('id', '=', id).executeTakeFirstOrThrow();
          }),
        );
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/admin/files/:id', tag, access: admins, refusals, summary: 'Rename a file, edit its note, publish or unpublish it',
      params: IdParams, body: UpdateFileBody, response: UploadedFile,
      handler: async ({ params, body }) => {
        const name = body.name === undefined ? undefined : safeFileName(body.name, 'body.name');
        return publishWrite(ctx, async (w) => {
          // A field left out keeps its value.
          const row = await queryBuilder(w)
            .updateTable('files')
            .set((eb) => ({ name: name ?? eb.ref('name'), note: body.note ?? eb.ref('note'), published: body.published ?? eb.ref('published'), version: eb('version', '+', 1) }))
            .where('id', '=', params.id)
            .where('folderId', 'is not', null)
            .returning(fileColumns)
            .executeTakeFirst();
          if (!row) throw notFound(`file ${params.id} in the file area`);
          w.changed('file', params.id);
          return row;
        });
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/admin/files/:id', tag, access: admins, refusals, summary: 'Delete a file of the file area or of a customer\'s My files',
      params: IdParams, response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await removeFile(ctx, async (w) => {
          const f = await queryBuilder(w).selectFrom('files').select(['id', 'sha256']).where('id', '=', params.id).forUpdate().executeTakeFirst();
          if (!f) throw notFound(`file ${params.id}`);
          return f;
        });
        return { deleted: true as const };
      },
    }),
  ];
}
