/**
 * Ticket actions from the UI. They are local actions: the cache changes at once and main's
 * event refreshes the screens, so there is nothing to wait for. What can fail here is the
 * console refusing at once (the cached state already forbids it); that is shown as a toast.
 * The server's later refusals come through `outbox.failures` and the ticket's failed actions.
 */
import type { OperationInput } from '../../shared/console/consoleApi';
import type { ActionReceipt } from '../../shared/console/schemas';
import type { MutationName } from '../../shared/sync/protocol';
import { actionLabels } from '../../shared/console/actionLabels';

export { actionLabels };
import { useUi } from '../shell/uiStore';
import { callOperation } from './consoleClient';
import { offerUndo } from './undo';


/**
 * Runs a local action. An undoable one (its receipt has `undo`) shows its toast with Undo,
 * unless `quiet`: a caller doing several at once offers one Undo for all (offerUndo).
 */
export async function runTicketAction<N extends MutationName>(op: N, input: OperationInput<N>, opts: { quiet?: boolean } = {}): Promise<ActionReceipt | null> {
  try {
    const receipt = await callOperation(op, input);
    if (!opts.quiet) offerUndo([receipt]);
    return receipt;
  } catch (err) {
    useUi.getState().notify({ kind: 'error', title: `${actionLabels[op]} failed`, body: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
