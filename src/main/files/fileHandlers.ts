/**
 * The file area in the console: the tree and an account's view from the cache (offline),
 * downloads into the blob cache, opening a cached file, and the upload queue. Staging checks
 * what the cache can tell before anything is written (the role for publishing, that the
 * folder or ticket exists), so a refusal never leaves half a staged upload.
 */
import type { Handlers } from '../../shared/console/consoleApi';
import { stageUploadMaxBytes } from '../../shared/console/fileSchemas';
import { readAccountFileView } from './accountFileView';
import { discardUpload, readUpload, requeueUpload } from './uploadQueue';
import { ConsoleError, notFound } from '../console/consoleErrors';
import type { HandlerContext } from '../console/handlers/handlerContext';

type FileOperation = Extract<keyof Handlers, `files.${string}`>;

export function fileHandlers(ctx: HandlerContext): Pick<Handlers, FileOperation> {
  const files = () => ctx.sessions.require().files;
  const changedUploads = () => ctx.emit('entitiesChanged', { entities: ['uploads'], ticketIds: [] });
  return {
    'files.tree': async () => files().tree(),
    'files.accountView': async ({ accountId }) => {
      const view = readAccountFileView(ctx.sessions.require().cache.reader, accountId);
      if (!view) throw notFound(`account ${accountId}`);
      return view;
    },
    'files.fetch': async (ref) => files().downloads.fetch(ref),
    'files.open': async (ref) => {
      const blob = await files().cachedBlob(ref);
      return ctx.opener.open(blob.path, blob.sha256, blob.name);
    },
    'files.stageUpload': async ({ name, dataBase64, target }) => {
      const s = ctx.sessions.require();
      const r = s.cache.reader;
      if (target.kind === 'folder') {
        if (s.info.user.role !== 'staff.admin') throw new ConsoleError({ code: 'forbidden', message: 'Only admins publish the file area; ask an admin to upload it', field: 'target' });
        if (!r.statement('SELECT 1 FROM file_folders WHERE id = ?').get(target.folderId)) throw new ConsoleError({ code: 'not_found', message: `target.folderId: folder ${target.folderId} is not in this console's data`, field: 'target.folderId' });
      } else if (!r.statement('SELECT 1 FROM tickets WHERE id = ?').get(target.ticketId)) {
        throw new ConsoleError({ code: 'not_found', message: `target.ticketId: ticket ${target.ticketId} is not in this console's data`, field: 'target.ticketId' });
      }
      const bytes = Buffer.from(dataBase64, 'base64');
      if (bytes.length > stageUploadMaxBytes) {
        throw new ConsoleError({ code: 'invalid_input', message: `dataBase64: the file is larger than ${stageUploadMaxBytes / 1024 / 1024} MB, the most the console can stage at once`, field: 'dataBase64' });
      }
      return s.files.stage(name, bytes, target);
    },
    'files.uploads': async ({ ticketId }) => files().uploads({ ticketId }),
    'files.retryUpload': async ({ uploadId }) => {
      const s = ctx.sessions.require();
      if (!readUpload(s.cache.reader, uploadId)) throw notFound(`upload ${uploadId}`);
      if (!requeueUpload(s.cache.writer, uploadId)) throw new ConsoleError({ code: 'not_failed', message: `upload ${uploadId} was not refused: it is still queued or already sent` });
      changedUploads();
      s.files.sender.kick({ now: true });
      return { ok: true as const };
    },
    'files.discardUpload': async ({ uploadId }) => {
      const s = ctx.sessions.require();
      if (!readUpload(s.cache.reader, uploadId)) throw notFound(`upload ${uploadId}`);
      if (!discardUpload(s.cache.writer, uploadId)) throw new ConsoleError({ code: 'busy', message: `upload ${uploadId} is being sent right now; discard it after it ends` });
      changedUploads();
      return { ok: true as const };
    },
  };
}
