/** A console operation that is a local action: performed by the signed-in session's sync engine. */
import type { ParsedInput } from '../../../shared/console/consoleApi';
import type { ActionReceipt } from '../../../shared/console/schemas';
import type { MutationName } from '../../../shared/sync/protocol';
import type { HandlerContext } from './handlerContext';

export const performAction =
  (ctx: HandlerContext) =>
  <N extends MutationName>(name: N) =>
  async (input: ParsedInput<N>): Promise<ActionReceipt> =>
    ctx.sessions.require().engine.perform(name, input);
