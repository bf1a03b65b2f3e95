/** What every domain's handlers get: the session holder, a clock, fetch, the event emitter and the file opener. */
import type { FileOpener } from '../../files/openedFiles';
import type { Emit } from '../../../shared/console/consoleApi';
import type { SessionHolder } from '../sessionHolder';
import type { FetchImpl } from '../staffApi';

export interface HandlerContext {
  sessions: SessionHolder;
  now(): number;
  fetch: FetchImpl;
  emit: Emit;
  /** Hands cached files to the user (the desktop's file manager, or the web host's download address). */
  opener: FileOpener;
  /** The server the console was started for, if any (auth.defaults). */
  defaultServerUrl: string | null;
}
