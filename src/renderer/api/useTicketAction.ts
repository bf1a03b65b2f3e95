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


export async function runTicketAction<N extends MutationName>(op: N, input: OperationInput<N>): Promise<ActionReceipt | null> {
  try {
    return await callOperation(op, input);
  } catch (err) {
    useUi.getState().notify({ kind: 'error', title: `${actionLabels[op]} failed`, body: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
