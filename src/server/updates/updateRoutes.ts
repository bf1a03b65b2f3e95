/**
 * The console's update feed over HTTP, in the layout electron-updater's generic provider
 * expects: `GET /updates/<platform>/latest*.yml`, then the files it names, both for signed-in
 * staff only (the console sends its session token). Admins upload installers as raw bytes with
 * `PUT /updates/<platform>/<file>?version=x.y.z`; the channel file follows by itself.
 */
import { recordAudit } from '../audit/auditLog';
import semver from 'semver';
import { z } from 'zod';
import { staffRoles } from '../../shared/domain/model';
import { ApiError, notFound } from '../http/errors';
import { receiveUpload } from '../http/rawUpload';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { sendBlob } from '../files/sendBlob';
import { channelFileNames, channelFileText, fileKind, installerExtensionsOf, UpdateFeed, updatePlatforms, type UpdatePlatform } from './updateFeed';

const tag = 'Console updates';
const admins = ['staff.admin'] as const;
export const defaultUpdateMaxBytes = 1024 ** 3;

const FileName = z
  .string()
  .max(200, 'must be at most 200 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, "must be a plain file name of letters, digits, '.', '_', '+' and '-' (no spaces, slashes or leading dot)")
  .refine((name) => !name.includes('..'), 'must not contain ".."');
const FileParams = z.strictObject({ platform: z.enum(updatePlatforms), file: FileName });
const UploadQuery = z.strictObject({
  version: z.string().max(100).refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.4.0 (the version in package.json of the build)'),
});

const ChannelEntry = z.object({ url: z.string(), sha512: z.string(), size: z.number() });
const UploadResult = z.object({
  file: z.string(),
  version: z.string(),
  size: z.number(),
  sha512: z.string(),
  /** The channel file as it now stands: what consoles on this platform will update to. */
  channel: z.object({ version: z.string(), files: z.array(ChannelEntry), path: z.string(), sha512: z.string(), releaseDate: z.string() }).nullable(),
});
const FeedListing = z.array(z.object({ file: z.string(), version: z.string(), sha512: z.string(), size: z.number(), uploadedAt: z.number() }));

function uploadable(platform: UpdatePlatform, file: string, version: string): void {
  if (Object.values(channelFileNames).includes(file)) {
    throw new ApiError(400, 'validation_failed', `params.file: ${file} is written by the server from the uploaded installers; upload the installer instead`, 'params.file');
  }
  if (!fileKind(platform, file)) {
    const allowed = installerExtensionsOf(platform).flatMap((e) => [e, `${e}.blockmap`]).join(', ');
    throw new ApiError(400, 'validation_failed', `params.file: must end in one of ${allowed} for ${platform}`, 'params.file');
  }
  // electron-updater finds the old release's blockmap by swapping the version in the file name.
  if (!file.includes(version)) {
    throw new ApiError(400, 'validation_failed', `params.file: must contain the version ${version}, so each release keeps its own file names`, 'params.file');
  }
}

export function updateFeedRoutes(ctx: ServerContext): RouteSpec[] {
  const feed = new UpdateFeed(ctx);
  const maxBytes = ctx.config.updateMaxBytes ?? defaultUpdateMaxBytes;
  const audit = (actorUserId: number, action: string, details: Record<string, unknown>) =>
    recordAudit(ctx.db, { actorUserId, action, entity: 'update_feed', details, at: ctx.clock.now() });
  return [
    defineRoute({
      method: 'PUT', url: '/updates/:platform/:file', tag, access: admins,
      summary: 'Upload a console installer (raw bytes, application/octet-stream) to the update feed',
      params: FileParams, query: UploadQuery, response: UploadResult, rawBody: true,
      handler: async ({ user, params, query, request, reply }) => {
        uploadable(params.platform, params.file, query.version);
        const saved = await receiveUpload(request, reply, maxBytes, (body) => feed.store(params.platform, params.file, query.version, body));
        const channel = await feed.channel(params.platform);
        await audit(user.id, 'updates.upload', { platform: params.platform, file: params.file, version: query.version, size: saved.size, sha512: saved.sha512 });
        return { file: params.file, version: query.version, ...saved, channel };
      },
    }),
    defineRoute({
      method: 'GET', url: '/updates/:platform/:file', tag, access: staffRoles,
      summary: 'Download a file of the update feed (the latest*.yml channel file or an installer)',
      // electron-updater may add ?noCache=…; any query is ignored.
      params: FileParams, query: z.object({}), produces: 'application/octet-stream',
      handler: async ({ params, request, reply }) => {
        if (params.file === channelFileNames[params.platform]) {
          const info = await feed.channel(params.platform);
          if (!info) throw notFound(`update file ${params.platform}/${params.file}`);
          return reply.type('text/yaml; charset=utf-8').header('cache-control', 'no-store').send(channelFileText(info));
        }
        const stored = await feed.find(params.platform, params.file);
        if (!stored) throw notFound(`update file ${params.platform}/${params.file}`);
        // With Range, so an interrupted installer download resumes (electron-updater, curl -C -).
        return sendBlob(request, reply, ctx.blobs, { sha256: stored.sha256, name: stored.file }, { cacheControl: 'private, max-age=3600' });
      },
    }),
    defineRoute({
      method: 'DELETE', url: '/updates/:platform/:file', tag, access: admins,
      summary: 'Remove a file from the update feed (the channel file is rewritten)',
      params: FileParams, response: z.object({ ok: z.literal(true) }),
      handler: async ({ user, params }) => {
        if (params.file === channelFileNames[params.platform] || !(await feed.remove(params.platform, params.file))) {
          throw notFound(`update file ${params.platform}/${params.file}`);
        }
        await audit(user.id, 'updates.remove', params);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'GET', url: '/api/admin/updates/:platform', tag, access: admins,
      summary: 'List the files of the update feed for one platform, newest version first',
      params: z.strictObject({ platform: z.enum(updatePlatforms) }), response: FeedListing,
      handler: async ({ params }) => (await feed.list(params.platform)).map(({ sha256: _sha256, ...f }) => f),
    }),
  ];
}
