/**
 * The console's Forum screen: staff answers and moderation are local actions of the sync
 * engine (pushed through /api/sync/push, refused there for roles that may not); the forum
 * itself is read from the server directly (online only), as the catalogue is: it is not part
 * of the synced rows.
 */
import type { Handlers } from '../../shared/console/consoleApi';
import { online } from '../console/handlers/staffHandlers';
import type { HandlerContext } from '../console/handlers/handlerContext';
import { performAction } from '../console/handlers/performAction';
import { readForum } from '../console/staffApi';

type ForumOperation =
  | 'forumCategory.create' | 'forumCategory.update' | 'forumCategory.setArchived' | 'forum.setSettings'
  | 'forum.startThread' | 'forum.reply' | 'forum.setPostHidden' | 'forum.setLocked' | 'forum.setPinned' | 'forum.move'
  | 'forum.categories' | 'forum.threads' | 'forum.thread';

export function forumHandlers(ctx: HandlerContext): Pick<Handlers, ForumOperation> {
  const act = performAction(ctx);
  const stored = () => ctx.sessions.require().stored;
  return {
    'forumCategory.create': act('forumCategory.create'),
    'forumCategory.update': act('forumCategory.update'),
    'forumCategory.setArchived': act('forumCategory.setArchived'),
    'forum.setSettings': act('forum.setSettings'),
    'forum.startThread': act('forum.startThread'),
    'forum.reply': act('forum.reply'),
    'forum.setPostHidden': act('forum.setPostHidden'),
    'forum.setLocked': act('forum.setLocked'),
    'forum.setPinned': act('forum.setPinned'),
    'forum.move': act('forum.move'),
    'forum.categories': () => online('the forum', () => readForum.categories(ctx.fetch, stored().serverUrl, stored().token)),
    'forum.threads': (a) => online('the forum', () => readForum.threads(ctx.fetch, stored().serverUrl, stored().token, a)),
    'forum.thread': (a) => online('the forum', () => readForum.thread(ctx.fetch, stored().serverUrl, stored().token, a.threadId)),
  };
}
