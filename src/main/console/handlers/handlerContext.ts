/** What every domain's handlers get: the session holder, a clock, fetch and the event emitter. */
import type { Emit } from '../consoleSession';
import type { SessionHolder } from '../sessionHolder';
import type { FetchImpl } from '../staffApi';

export interface HandlerContext {
  sessions: SessionHolder;
  now(): number;
  fetch: FetchImpl;
  emit: Emit;
}
