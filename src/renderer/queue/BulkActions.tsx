/**
 * Actions on the selected tickets (x): assign, forward, priority, close. Each ticket gets its
 * own local action, so every one shows at once and a refusal names its ticket.
 */
import { useRef } from 'react';
import type { OperationInput } from '../../shared/console/consoleApi';
import type { Priority } from '../../shared/domain/model';
import type { MutationName } from '../../shared/sync/protocol';
import { useDirectory, useMay } from '../api/reads';
import { actionLabels, runTicketAction } from '../api/useTicketAction';
import { offerUndo } from '../api/undo';
import { consoleClient } from '../api/consoleClient';
import { priorities, priorityLabels } from '../ticket/ticketLabels';
import { useFocusRequest, useUi } from '../shell/uiStore';

/** The action on each ticket, then one Undo for them all ("Close · 3 tickets"). */
export async function forEachTicket<N extends MutationName>(ids: readonly number[], op: N, input: (ticketId: number) => OperationInput<N>): Promise<void> {
  const receipts = [];
  for (const ticketId of ids) receipts.push(await runTicketAction(op, input(ticketId), { quiet: true }));
  offerUndo(receipts, ids.length > 1 ? `${actionLabels[op]} · ${ids.length} tickets` : undefined);
}

export function BulkActions({ ids }: { ids: readonly number[] }) {
  const may = useMay();
  const dir = useDirectory().data;
  const clear = useUi((s) => s.clearSelection);
  const barRef = useRef<HTMLDivElement>(null);
  const assignRef = useRef<HTMLSelectElement>(null);
  const forwardRef = useRef<HTMLSelectElement>(null);
  const priorityRef = useRef<HTMLSelectElement>(null);
  useFocusRequest('assign', () => assignRef.current?.focus());
  useFocusRequest('bulkForward', () => forwardRef.current?.focus());
  useFocusRequest('bulkPriority', () => priorityRef.current?.focus());
  useFocusRequest('bulk', () => barRef.current?.querySelector<HTMLElement>('select, button')?.focus());
  // Done or cleared, the keyboard goes back to the queue (Enter opens, j/k move).
  const done = () => {
    clear();
    useUi.getState().requestFocus('queue');
  };
  const n = ids.length;

  return (
    <div ref={barRef} className="bulk-bar" role="toolbar" aria-label={`Actions on ${n} selected tickets`}>
      <strong>{n} selected</strong>
      {may('assign') && (
        <select
          ref={assignRef}
          aria-label="Assign selected to"
          value=""
          onChange={(e) => {
            const v = e.target.value;
            if (v) void forEachTicket(ids, 'ticket.assign', (ticketId) => ({ ticketId, assigneeId: v === 'none' ? null : Number(v) })).then(done);
          }}
        >
          <option value="">Assign to…</option>
          <option value="none">Nobody (unassign)</option>
          {dir?.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      {may('forward') && (
        <select
          ref={forwardRef}
          aria-label="Forward selected to department"
          value=""
          onChange={(e) => {
            const departmentId = Number(e.target.value);
            if (departmentId) void forEachTicket(ids, 'ticket.forward', (ticketId) => ({ ticketId, departmentId })).then(done);
          }}
        >
          <option value="">Forward to…</option>
          {dir?.departments.filter((d) => !d.archived).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      )}
      {may('set_priority') && (
        <select
          ref={priorityRef}
          aria-label="Set priority of selected"
          value=""
          onChange={(e) => {
            const priority = e.target.value as Priority;
            if (priority) void forEachTicket(ids, 'ticket.setPriority', (ticketId) => ({ ticketId, priority })).then(done);
          }}
        >
          <option value="">Priority…</option>
          {priorities.map((p) => (
            <option key={p} value={p}>
              {priorityLabels[p]}
            </option>
          ))}
        </select>
      )}
      {may('close') && (
        <button type="button" onClick={() => void closeTickets(ids).then((closed) => closed && done())}>
          Close {n === 1 ? 'ticket' : `${n} tickets`}
        </button>
      )}
      <button type="button" onClick={done}>
        Clear selection
      </button>
    </div>
  );
}

/**
 * h: HotRush on for the tickets (off when every one already has it), as cached; one Undo.
 * HotRush adds its surcharge at the close, so it is undoable like the other costly changes.
 */
export async function toggleHotRush(ids: readonly number[]): Promise<void> {
  const tickets = await Promise.all(ids.map((ticketId) => consoleClient().ticket.detail({ ticketId }).then((d) => d.ticket)));
  const hotRush = !tickets.every((t) => t.hotRush);
  await forEachTicket(tickets.filter((t) => t.hotRush !== hotRush).map((t) => t.id), 'ticket.setHotRush', (ticketId) => ({ ticketId, hotRush }));
}

/** Closing several tickets at once asks first: one keystroke should not close a screenful. */
export async function closeTickets(ids: readonly number[]): Promise<boolean> {
  if (ids.length > 1 && !window.confirm(`Close ${ids.length} tickets? Each closed ticket is charged its cost.`)) return false;
  await forEachTicket(ids, 'ticket.close', (ticketId) => ({ ticketId }));
  return true;
}
