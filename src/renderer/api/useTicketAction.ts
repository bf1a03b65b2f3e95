/**
 * Ticket actions from the UI. They are local actions: the cache changes at once and main's
 * event refreshes the screens, so there is nothing to wait for. What can fail here is the
 * console refusing at once (the cached state already forbids it); that is shown as a toast.
 * The server's later refusals come through `outbox.failures` and the ticket's failed actions.
 */
import type { OperationInput } from '../../shared/console/consoleApi';
import type { ActionReceipt } from '../../shared/console/schemas';
import type { MutationName } from '../../shared/sync/protocol';
import { useUi } from '../shell/uiStore';
import { callOperation } from './consoleClient';

export const actionLabels: Record<MutationName, string> = {
  'ticket.classify': 'Classify',
  'ticket.forward': 'Forward',
  'ticket.claim': 'Claim',
  'ticket.assign': 'Assign',
  'ticket.reply': 'Reply',
  'ticket.note': 'Note',
  'ticket.setPriority': 'Set priority',
  'ticket.setHotRush': 'Set HotRush',
  'ticket.close': 'Close',
  'ticket.reopen': 'Reopen',
  'ticket.merge': 'Merge',
  'ticket.split': 'Split',
  'order.verify': 'Verify order',
  'order.reject': 'Reject order',
  'invoice.issue': 'Issue invoice',
  'invoice.cancel': 'Cancel invoice',
  'transfer.approve': 'Approve transfer',
  'transfer.reject': 'Reject transfer',
  'urlChange.approve': 'Approve URL change',
  'urlChange.reject': 'Reject URL change',
  'ledger.adjust': 'Adjust points',
  'staff.invite': 'Invite',
  'staff.resendInvitation': 'Resend invitation',
  'staff.cancelInvitation': 'Cancel invitation',
  'staff.update': 'Change person',
  'staff.deactivate': 'Deactivate',
  'staff.reactivate': 'Reactivate',
  'department.create': 'Create department',
  'department.rename': 'Rename department',
  'department.archive': 'Archive department',
  'catalogue.create': 'Add to the catalogue',
  'catalogue.update': 'Change catalogue item',
  'catalogue.setActive': 'Retire or sell catalogue item',
  'heldMail.accept': 'File held mail into a ticket',
  'heldMail.startTicket': 'Start a ticket from held mail',
  'heldMail.discard': 'Discard held mail',
};

export async function runTicketAction<N extends MutationName>(op: N, input: OperationInput<N>): Promise<ActionReceipt | null> {
  try {
    return await callOperation(op, input);
  } catch (err) {
    useUi.getState().notify({ kind: 'error', title: `${actionLabels[op]} failed`, body: err instanceof Error ? err.message : String(err) });
    return null;
  }
}
