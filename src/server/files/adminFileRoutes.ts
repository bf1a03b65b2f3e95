/**
 * Publishing the file area (DOMAIN.md: admins only): folders with their access rule, files
 * uploaded into them with a note on which version each is for, published when ready.
 * Every write goes through the change log, so consoles see the tree change.
 */
import { z } from 'zod';
import { CreateFolderBody, FolderResult, FolderUploadQuery, IdParams, UpdateFileBody, UpdateFolderBody, UploadedFile } from '../../shared/api/files';
import { conflict, notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import { write, type ChangeWriter } from '../sync/changeLog';
import type { ServerContext } from '../serverContext';
import { safeFileName, uploadedFileName } from './fileNames';
import { deleteLogged, insertFile, removeFile, storeUpload, uniqueNameConflict } from './fileStore';

const tag = 'File area publishing';
const admins = ['staff.admin'] as const;
const refusal = 'Only admins publish the file area; ask an admin to change folders or files';
const refusals = { 'staff.dispatcher': refusal, 'staff.engineer': refusal, 'staff.billing': refusal };

const folderColumns = `id, parent_id AS "parentId", name, access, product`;
const fileColumns = `id, folder_id AS "folderId", name, note, size, sha256, published, created_at AS "createdAt"`;

/** A folder/file write whose unique-name violation becomes a 409 naming the field. */
async function publishWrite<T>(ctx: ServerContext, fn: (w: ChangeWriter) => Promise<T>): Promise<T> {
  try {
    return await write(ctx.db, ctx.clock.now(), fn);
  } catch (err) {
    throw uniqueNameConflict(err) ?? err;
  }
}

async function lockFolder(w: ChangeWriter, id: number, field = 'params.id') {
  const [f] = await w.query<z.infer<typeof FolderResult>>(`SELECT ${folderColumns} FROM file_folders WHERE id = $1 FOR UPDATE`, [id]);
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
          const [row] = await w.query<z.infer<typeof FolderResult>>(
            `INSERT INTO file_folders (parent_id, name, access, product) VALUES ($1, $2, $3, $4) RETURNING ${folderColumns}`,
            [body.parentId, name, body.access, body.product],
          );
          w.changed('file_folder', row!.id);
          return row!;
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
          const [row] = await w.query<z.infer<typeof FolderResult>>(
            `UPDATE file_folders SET name = $2, access = $3, product = $4, version = version + 1 WHERE id = $1 RETURNING ${folderColumns}`,
            [f.id, next.name, next.access, next.product],
          );
          w.changed('file_folder', f.id);
          return row!;
        });
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/api/admin/file-folders/:id', tag, access: admins, refusals, summary: 'Delete an empty folder',
      params: IdParams, response: z.object({ deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await write(ctx.db, ctx.clock.now(), async (w) => {
          await lockFolder(w, params.id);
          const [used] = await w.query<{ n: number }>('SELECT (SELECT count(*) FROM files WHERE folder_id = $1) + (SELECT count(*) FROM file_folders WHERE parent_id = $1) AS n', [params.id]);
          if (Number(used!.n) > 0) throw conflict('folder_not_empty', `folder ${params.id} still holds files or folders; delete or move them first`);
          await deleteLogged(w, 'file_folder', params.id);
        });
        return { deleted: true as const };
      },
    }),
    defineRoute({
      method: 'POST', url: '/api/admin/file-folders/:id/files', tag, access: admins, refusals, rawBody: true,
      summary: 'Upload a file into a folder (raw bytes, application/octet-stream; ?name=, ?note=, ?published=)',
      params: IdParams, query: FolderUploadQuery, response: UploadedFile,
      handler: async ({ user, params, query, request, reply }) => {
        const fileName = uploadedFileName(request, query.name);
        const [exists] = await ctx.db.query('SELECT 1 FROM file_folders WHERE id = $1', [params.id]);
        if (!exists) throw notFound(`folder ${params.id}`);
        const file = await storeUpload(ctx, request, reply, async (w, blob) => {
          await lockFolder(w, params.id);
          const id = await insertFile(w, { folderId: params.id, accountId: null, name: fileName, note: query.note, published: query.published, uploadedBy: user.id }, blob);
          const [row] = await w.query(`SELECT ${fileColumns} FROM files WHERE id = $1`, [id]);
          return row;
        });
        reply.code(201);
        return file;
      },
    }),
    defineRoute({
      method: 'PATCH', url: '/api/admin/files/:id', tag, access: admins, refusals, summary: 'Rename a file, edit its note, publish or unpublish it',
      params: IdParams, body: UpdateFileBody, response: UploadedFile,
      handler: async ({ params, body }) => {
        const name = body.name === undefined ? undefined : safeFileName(body.name, 'body.name');
        return publishWrite(ctx, async (w) => {
          const [row] = await w.query(
            `UPDATE files SET name = coalesce($2, name), note = coalesce($3, note), published = coalesce($4, published), version = version + 1
              WHERE id = $1 AND folder_id IS NOT NULL RETURNING ${fileColumns}`,
            [params.id, name ?? null, body.note ?? null, body.published ?? null],
          );
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
          const [f] = await w.query<{ id: number; sha256: string }>('SELECT id, sha256 FROM files WHERE id = $1 FOR UPDATE', [params.id]);
          if (!f) throw notFound(`file ${params.id}`);
          return f;
        });
        return { deleted: true as const };
      },
    }),
  ];
}
