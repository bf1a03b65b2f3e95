/**
 * Which staff role may take which ticket action (DOMAIN.md "People and roles"). The server
 * enforces it; the console uses the same table to hide what a role may not do.
 */
import type { Role } from '../domain/model';
import type { MutationName } from '../sync/protocol';

export const staffTicketActions = [
  'classify',
  'forward',
  'claim',
  'assign',
  'reply',
  'note',
  'set_priority',
  'set_hot_rush',
  'close',
  'reopen',
  'merge',
  'split',
  'reveal_access_info',
] as const;
export type StaffTicketAction = (typeof staffTicketActions)[number];

const dispatcher: readonly StaffTicketAction[] = ['classify', 'forward', 'claim', 'assign', 'reply', 'note', 'set_priority', 'set_hot_rush', 'close', 'reopen', 'merge', 'split'];
const engineer: readonly StaffTicketAction[] = ['claim', 'reply', 'note', 'close', 'reopen', 'reveal_access_info'];
const billing: readonly StaffTicketAction[] = ['claim', 'reply', 'note', 'close', 'reopen'];

export function mayTakeTicketAction(role: Role, action: StaffTicketAction): boolean {
  switch (role) {
    case 'staff.admin':
      return true;
    case 'staff.dispatcher':
      return dispatcher.includes(action);
    case 'staff.engineer':
      return engineer.includes(action);
    case 'staff.billing':
      return billing.includes(action);
    case 'customer.primary':
    case 'customer.secondary':
      return false;
  }
}

/** Whether a staff member sees every ticket, or only those of its departments and its own. */
export function seesAllTickets(role: Role): boolean {
  return role === 'staff.admin' || role === 'staff.dispatcher';
}

/** The ticket action each pushed mutation needs. */
export const mutationPermission: Record<MutationName, StaffTicketAction> = {
  'ticket.classify': 'classify',
  'ticket.forward': 'forward',
  'ticket.claim': 'claim',
  'ticket.assign': 'assign',
  'ticket.reply': 'reply',
  'ticket.note': 'note',
  'ticket.setPriority': 'set_priority',
  'ticket.setHotRush': 'set_hot_rush',
  'ticket.close': 'close',
  'ticket.reopen': 'reopen',
  'ticket.merge': 'merge',
  'ticket.split': 'split',
};
