/**
 * A console operation that is a local action: performed by the signed-in session's sync
 * engine; a costly one's receipt says what it did in words, and its undo key while it waits.
 */
import type { ParsedInput } from '../../../shared/console/consoleApi';
import type { ActionReceipt } from '../../../shared/console/schemas';
import type { MutationArgs, MutationName } from '../../../shared/sync/protocol';
import type { ConsoleSession } from '../consoleSession';
import { actionSummary } from '../actionSummary';
import { holdsForUndo } from '../../../shared/sync/undoWindow';
import type { HandlerContext } from './handlerContext';

/** Performs the action on the session's engine and answers its receipt. */
export function performOn<N extends MutationName>(s: ConsoleSession, name: N, input: MutationArgs<N>): ActionReceipt {
  const receipt = s.engine.perform(name, input);
  return holdsForUndo(name, input) ? { ...receipt, summary: actionSummary(s.cache.reader, name, input) } : receipt;
}

export const performAction =
  (ctx: HandlerContext) =>
  <N extends MutationName>(name: N) =>
  async (input: ParsedInput<N>): Promise<ActionReceipt> =>
    performOn(ctx.sessions.require(), name, input);
