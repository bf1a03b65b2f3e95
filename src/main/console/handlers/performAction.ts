/**
 * A console operation that is a local action: performed by the signed-in session's sync
 * engine; an undoable one's receipt carries its undo key and what it did in words.
 */
import type { ParsedInput } from '../../../shared/console/consoleApi';
import type { ActionReceipt } from '../../../shared/console/schemas';
import type { MutationArgs, MutationName } from '../../../shared/sync/protocol';
import type { ConsoleSession } from '../consoleSession';
import { actionSummary } from '../actionSummary';
import type { HandlerContext } from './handlerContext';

/** Performs the action on the session's engine and answers its receipt. */
export function performOn<N extends MutationName>(s: ConsoleSession, name: N, input: MutationArgs<N>): ActionReceipt {
  const { undo, ...receipt } = s.engine.perform(name, input);
  return undo ? { ...receipt, undo: { ...undo, summary: actionSummary(s.cache.reader, name, input) } } : receipt;
}

export const performAction =
  (ctx: HandlerContext) =>
  <N extends MutationName>(name: N) =>
  async (input: ParsedInput<N>): Promise<ActionReceipt> =>
    performOn(ctx.sessions.require(), name, input);
