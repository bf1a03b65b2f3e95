/**
 * Type, department, priority, HotRush, cost and assignee of a ticket, where a dispatcher
 * classifies, rates and forwards in one step (propertyChanges.ts). Roles that may not change
 * them see the values only. The form follows live changes until the user edits it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ActionReceipt, TicketDetail } from '../../shared/console/schemas';
import type { Priority, TicketType } from '../../shared/domain/model';
import { useDirectory, useMay, useMe } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { offerUndo } from '../api/undo';
import { Turnaround } from '../queue/Turnaround';
import { formatDateTime } from '../shell/timeText';
import { useFocusRequest, useUi } from '../shell/uiStore';
import { useConsolePrefs } from '../shell/consolePrefs';
import { chargeText } from './chargeText';
import { formOf, plannedActions, type PlannedAction, type PropertyForm } from './propertyChanges';
import { classifiableTypes, priorities, priorityLabels, statusLabels, typeLabels } from './ticketLabels';

/** The form's actions as one change: one by one, in order (a forward must land before the assignment that follows it), one Undo for all. */
async function runAll(actions: PlannedAction[]): Promise<ActionReceipt[]> {
  const receipts: ActionReceipt[] = [];
  for (const a of actions) {
    const r = await runTicketAction(a.op, a.input as never, { quiet: true });
    if (!r) break;
    receipts.push(r);
  }
  offerUndo(receipts);
  return receipts;
}

export function PropertiesPanel({ detail }: { detail: TicketDetail }) {
  const t = detail.ticket;
  const may = useMay();
  const me = useMe();
  const dir = useDirectory().data;
  const editable = may('classify') && t.status !== 'closed' && t.mergedIntoId === null;
  const [form, setForm] = useState<PropertyForm>(() => formOf(t));
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setForm(formOf(t));
  }, [t, dirty]);
  useEffect(() => setDirty(false), [t.id]);
  const typeRef = useRef<HTMLSelectElement>(null);
  const assigneeRef = useRef<HTMLSelectElement>(null);
  useFocusRequest('classify', () => typeRef.current?.focus());
  useFocusRequest('assign', () => assigneeRef.current?.focus());
  const departmentRef = useRef<HTMLSelectElement>(null);
  const priorityRef = useRef<HTMLSelectElement>(null);
  const costRef = useRef<HTMLInputElement>(null);
  useFocusRequest('forward', () => departmentRef.current?.focus());
  useFocusRequest('priority', () => priorityRef.current?.focus());
  useFocusRequest('cost', () => costRef.current?.select());

  const set = (patch: Partial<PropertyForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };
  const actions = plannedActions(t, form);
  const isNew = t.status === 'new';
  const [prefs, setPrefs] = useConsolePrefs(me.id);
  const submit = async () => {
    // Where to go next is read before the classify takes this ticket out of the inbox.
    const ui = useUi.getState();
    const at = ui.queueOrder.indexOf(t.id);
    const next = at === -1 ? undefined : (ui.queueOrder[at + 1] ?? ui.queueOrder[at - 1]);
    const done = await runAll(actions);
    setDirty(false);
    if (isNew && done.length > 0 && prefs.advanceAfterClassify && useUi.getState().screen.name === 'ticket') {
      if (next !== undefined) ui.openTicket(next);
      else ui.back();
    }
  };
  const noDepartment = form.departmentId === null;

  return (
    <section className="properties" aria-labelledby="properties-title">
      <h2 id="properties-title">Properties</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          {statusLabels[t.status]}
          {t.status !== 'closed' && (
            <>
              {' · '}
              <Turnaround status={t.status} dueAt={t.dueAt} breachedAt={t.breachedAt} />
            </>
          )}
        </dd>
        {t.breachedAt !== null && (
          <>
            <dt>Breached</dt>
            <dd className="tone-overdue">Target missed at {formatDateTime(t.breachedAt)}</dd>
          </>
        )}
        <dt>Cost</dt>
        <dd className="charge">{chargeText({ ...t, hotRushSurcharge: detail.hotRushSurcharge, chargedAt: detail.chargedAt })}</dd>
      </dl>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        aria-label="Ticket properties"
      >
        {/* A control that cannot be used says why (the role, or the ticket's state). */}
        {!editable && (
          <p id="properties-locked" className="hint muted">
            {!may('classify')
              ? 'Dispatchers and admins change these properties.'
              : t.mergedIntoId !== null
                ? 'This ticket was merged into another: change that one instead.'
                : 'A closed ticket keeps its properties: reopen it to change them.'}
          </p>
        )}
        <fieldset disabled={!editable} aria-describedby={editable ? undefined : 'properties-locked'} className={editable ? undefined : 'read-only'}>
          <label>
            Type
            <select ref={typeRef} value={form.type} onChange={(e) => set({ type: e.target.value as Exclude<TicketType, 'log'> })}>
              {classifiableTypes.map((ty) => (
                <option key={ty} value={ty}>
                  {typeLabels[ty]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Department
            <select ref={departmentRef} value={form.departmentId ?? ''} onChange={(e) => set({ departmentId: e.target.value ? Number(e.target.value) : null })}>
              <option value="">Choose a department…</option>
              {/* An archived department takes no new tickets: offered only as the ticket's current one. */}
              {dir?.departments.filter((d) => !d.archived || d.id === form.departmentId).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.archived ? `${d.name} (archived)` : d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <select ref={priorityRef} value={form.priority} onChange={(e) => set({ priority: e.target.value as Priority })}>
              {priorities.map((p) => (
                <option key={p} value={p}>
                  {priorityLabels[p]}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={form.hotRush} onChange={(e) => set({ hotRush: e.target.checked })} />
            HotRush
          </label>
          <label>
            Cost in points (0 = free)
            <input ref={costRef} type="number" min={0} max={10000} step={1} value={form.cost} onChange={(e) => set({ cost: Math.max(0, Math.min(10000, Math.trunc(Number(e.target.value) || 0))) })} />
          </label>
          <label>
            Assignee
            <select ref={assigneeRef} value={form.assigneeId ?? ''} onChange={(e) => set({ assigneeId: e.target.value ? Number(e.target.value) : null })}>
              <option value="">Nobody</option>
              {dir?.staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.id === me.id ? ' (me)' : ''}
                </option>
              ))}
            </select>
          </label>
          {editable && (
            <div className="form-actions">
              <button
                type="submit"
                className="primary"
                disabled={noDepartment || (!isNew && actions.length === 0)}
                aria-describedby={noDepartment || (!isNew && actions.length === 0) ? 'properties-why' : undefined}
              >
                {isNew ? 'Classify and forward' : 'Save changes'}
              </button>
              {dirty && (
                <button type="button" onClick={() => setDirty(false)}>
                  Undo edits
                </button>
              )}
              {/* A disabled button says why. */}
              {(noDepartment || (!isNew && actions.length === 0)) && (
                <p id="properties-why" className="hint muted">
                  {noDepartment ? 'Choose a department first.' : 'Nothing changed yet.'}
                </p>
              )}
              {isNew && (
                <label className="checkbox">
                  <input type="checkbox" checked={prefs.advanceAfterClassify} onChange={(e) => setPrefs({ advanceAfterClassify: e.target.checked })} />
                  Then open the next inbox ticket
                </label>
              )}
            </div>
          )}
        </fieldset>
      </form>
    </section>
  );
}
