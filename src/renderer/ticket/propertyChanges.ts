/**
 * Turns the properties panel's form into the ticket actions that make it so, in one step: a
 * new ticket is classified (type, department, cost, priority, assignee at once); a classified
 * one is forwarded when its department or type changes, re-rated (classify again) when its
 * cost changes, and gets a priority, HotRush or assignee action only for what changed.
 */
import type { OperationInput } from '../../shared/console/consoleApi';
import type { Ticket } from '../../shared/console/schemas';
import type { Priority, TicketType } from '../../shared/domain/model';
import type { MutationName } from '../../shared/sync/protocol';

export interface PropertyForm {
  type: Exclude<TicketType, 'log'>;
  departmentId: number | null;
  priority: Priority;
  hotRush: boolean;
  cost: number;
  assigneeId: number | null;
}

export type PlannedAction = { [N in MutationName]: { op: N; input: OperationInput<N> } }[MutationName];

export function formOf(t: Ticket): PropertyForm {
  return {
    type: t.type === 'log' ? 'tech' : t.type,
    departmentId: t.departmentId,
    priority: t.priority,
    hotRush: t.hotRush,
    cost: t.cost ?? 0,
    assigneeId: t.assigneeId,
  };
}

export function plannedActions(t: Ticket, f: PropertyForm): PlannedAction[] {
  const ticketId = t.id;
  const out: PlannedAction[] = [];
  if (f.departmentId === null) return out;
  const departmentId = f.departmentId;
  const moved = departmentId !== t.departmentId || f.type !== t.type;
  const rated = f.cost !== (t.cost ?? 0);
  const reassigned = f.assigneeId !== t.assigneeId;
  let priorityDone = false;
  let assigneeDone = false;

  if (t.status === 'new' || rated) {
    // Forwarding hands a ticket to a new department's queue: unless someone was picked, nobody there has it yet.
    const assigneeId = t.status !== 'new' && moved && !reassigned ? null : f.assigneeId;
    out.push({ op: 'ticket.classify', input: { ticketId, type: f.type, departmentId, cost: f.cost, priority: f.priority, assigneeId } });
    priorityDone = assigneeDone = true;
  } else if (moved) {
    out.push({ op: 'ticket.forward', input: { ticketId, departmentId, type: f.type } });
    // Forwarding unassigns; an assignee picked along with it is assigned after.
    assigneeDone = !reassigned || f.assigneeId === null;
    if (reassigned && f.assigneeId !== null) {
      out.push({ op: 'ticket.assign', input: { ticketId, assigneeId: f.assigneeId } });
      assigneeDone = true;
    }
  }
  if (!priorityDone && f.priority !== t.priority) out.push({ op: 'ticket.setPriority', input: { ticketId, priority: f.priority } });
  if (f.hotRush !== t.hotRush) out.push({ op: 'ticket.setHotRush', input: { ticketId, hotRush: f.hotRush } });
  if (!assigneeDone && reassigned) out.push({ op: 'ticket.assign', input: { ticketId, assigneeId: f.assigneeId } });
  return out;
}
