/**
 * What an undoable action did, in one line for its undo toast ("Closed #105960 · 20 points
 * charged"), read from the cache right after its optimistic effect: the ticket's number, the
 * points its close charged, the department or person it went to.
 */
import { actionLabels } from '../../shared/console/actionLabels';
import type { MutationArgs, MutationName } from '../../shared/sync/protocol';
import type { CacheReader } from '../cache/cacheDatabase';
import { readRow } from '../cache/mirrorRows';

const points = (n: number) => `${n} point${n === 1 ? '' : 's'}`;

export function actionSummary<N extends MutationName>(r: CacheReader, name: N, input: MutationArgs<N>): string {
  const a = input as Record<string, unknown>;
  const ticket = (id: unknown) => (typeof id === 'number' ? readRow(r, 'ticket', id) : null);
  const number = (id: unknown) => {
    const n = ticket(id)?.number;
    return typeof n === 'number' ? `#${n}` : 'the ticket';
  };
  const nameOf = (entity: 'department' | 'user', id: unknown) => {
    const n = typeof id === 'number' ? readRow(r, entity, id)?.name : null;
    return typeof n === 'string' ? n : `${entity} ${String(id)}`;
  };
  const charged = () => {
    const p = ticket(a.ticketId)?.chargedPoints;
    return typeof p === 'number' && p > 0 ? ` · ${points(p)} charged` : '';
  };
  switch (name) {
    case 'ticket.close':
      return `Closed ${number(a.ticketId)}${charged()}`;
    case 'ticket.reply':
      return `Replied and closed ${number(a.ticketId)}${charged()}`;
    case 'ticket.merge':
      return `Merged ${number(a.ticketId)} into ${number(a.intoTicketId)}`;
    case 'ticket.classify':
      return `Classified ${number(a.ticketId)} · forwarded to ${nameOf('department', a.departmentId)}${typeof a.assigneeId === 'number' ? `, ${nameOf('user', a.assigneeId)}` : ''}`;
    case 'ticket.forward':
      return `Forwarded ${number(a.ticketId)} to ${nameOf('department', a.departmentId)}`;
    case 'ticket.assign':
      return a.assigneeId === null ? `Unassigned ${number(a.ticketId)}` : `Assigned ${number(a.ticketId)} to ${nameOf('user', a.assigneeId)}`;
    case 'ticket.setPriority':
      return `Priority of ${number(a.ticketId)} set to ${String(a.priority)}`;
    case 'ticket.setHotRush':
      return `HotRush ${a.hotRush ? 'on' : 'off'} for ${number(a.ticketId)}`;
    case 'order.verify':
      return `Verified order ${String(a.orderId)}`;
    case 'order.reject':
      return `Rejected order ${String(a.orderId)}`;
    case 'transfer.approve':
      return `Approved license transfer ${String(a.transferId)}`;
    case 'urlChange.approve':
      return `Approved URL change ${String(a.requestId)}`;
    case 'ledger.adjust':
      return `Adjusted points by ${String(a.points)}`;
    default:
      return `${actionLabels[name]} done`;
  }
}
