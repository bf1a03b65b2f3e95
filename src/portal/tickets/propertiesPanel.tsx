/**
 * "Ticket properties" (help page c., d., e. and the FAQ on the "Priority" select-box): the
 * "Status" drop-down offers "Closed" or "Reopen" as the server's shared life cycle allows,
 * "Priority" (Major/Normal/Minor) and the "HotRush" checkbox while the ticket is open, and
 * "Update" applies them through the close/reopen/PATCH routes. Refusals show beside the field.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Priority } from '../../shared/domain/model';
import { api, errorText, PortalError } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { formatTime, points, priorityLabels, statusLabels, ticketKey, type TicketDetail } from './ticketLabels';
import { PrioritySelect } from './PrioritySelect';

type StatusChoice = '' | 'close' | 'reopen';

class StepError extends Error {
  constructor(
    readonly step: 'status' | 'properties',
    override readonly cause: unknown,
  ) {
    super(errorText(cause));
  }
}

export function PropertiesPanel({ t, id }: { t: TicketDetail; id: string }) {
  const queryClient = useQueryClient();
  const isOpen = t.status !== 'closed';
  const mayReopen = t.status === 'closed' && t.mergedIntoNumber === null;
  const [status, setStatus] = useState<StatusChoice>('');
  const [priority, setPriority] = useState<Priority>(t.priority);
  const [hotRush, setHotRush] = useState(t.hotRush);
  const [statusError, setStatusError] = useState<string | undefined>();
  const [result, setResult] = useState<string | null>(null);
  const errors = useFormErrors();

  const update = useMutation({
    mutationFn: async () => {
      let latest: TicketDetail | null = null;
      const changes: { priority?: Priority; hotRush?: boolean } = {};
      if (isOpen && priority !== t.priority) changes.priority = priority;
      if (isOpen && hotRush !== t.hotRush) changes.hotRush = hotRush;
      const step = async (which: StepError['step'], fn: () => Promise<TicketDetail>) => {
        try {
          latest = await fn();
          queryClient.setQueryData(ticketKey(t.number), latest);
        } catch (err) {
          throw new StepError(which, err);
        }
      };
      if (status === 'reopen') await step('status', () => api<TicketDetail>('POST', `/api/customer/tickets/${t.number}/reopen`));
      if (Object.keys(changes).length) await step('properties', () => api<TicketDetail>('PATCH', `/api/customer/tickets/${t.number}`, changes));
      if (status === 'close') await step('status', () => api<TicketDetail>('POST', `/api/customer/tickets/${t.number}/close`));
      return latest as TicketDetail | null;
    },
    onMutate: () => {
      errors.clear();
      setStatusError(undefined);
      setResult(null);
    },
    onSuccess: (latest) => {
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      if (!latest) {
        errors.set({});
        setResult('Nothing to update: choose another status, priority or HotRush first.');
        return;
      }
      setStatus('');
      setPriority(latest.priority);
      setHotRush(latest.hotRush);
      const parts = [`Status: ${statusLabels[latest.status]}`];
      if (latest.status !== 'closed') parts.push(`Priority: ${priorityLabels[latest.priority]}`, `HotRush: ${latest.hotRush ? 'on' : 'off'}`);
      if (latest.status === 'closed' && latest.chargedPoints !== null && status === 'close') parts.push(`${points(latest.chargedPoints)} charged`);
      setResult(`Ticket properties updated. ${parts.join('; ')}.`);
    },
    onError: (err) => {
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      if (err instanceof StepError && err.step === 'status') setStatusError(err.message);
      else errors.take(err instanceof StepError ? err.cause : err, ['priority', 'hotRush']);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate();
  };

  const statusHint = isOpen
    ? t.canClose
      ? t.chargeOnClose
        ? `Closing the ticket charges ${points(t.chargeOnClose)}.`
        : 'Closing the ticket is free of charge.'
      : undefined
    : t.canReopen && t.reopenUntil !== null
      ? `You can reopen this ticket until ${formatTime(t.reopenUntil)}.`
      : t.reopenUntil !== null
        ? `The reopen window ended on ${formatTime(t.reopenUntil)}: a new message starts a follow-up ticket instead.`
        : undefined;

  return (
    <section id={id} className="properties-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Ticket properties</h2>
      <form className="form" aria-label="Ticket properties" onSubmit={submit} noValidate>
        <Field label="Status" error={statusError} hint={statusHint}>
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusChoice)}>
            <option value="">{statusLabels[t.status]} (current)</option>
            {t.canClose ? <option value="close">Closed</option> : null}
            {mayReopen ? <option value="reopen">Reopen</option> : null}
          </select>
        </Field>
        {isOpen ? (
          <>
            <Field
              label="Priority"
              error={errors.field('priority')}
              hint="Major: the issue should be addressed asap; Normal: not that urgent, but a faster reply is preferred; Minor: you agree to wait the guaranteed turnaround time."
            >
              <PrioritySelect value={priority} onChange={setPriority} />
            </Field>
            <div className={`field${errors.field('hotRush') ? ' field-invalid' : ''}`}>
              <label className="checkbox">
                <input type="checkbox" checked={hotRush} onChange={(e) => setHotRush(e.target.checked)} aria-describedby={`${id}-hotrush-hint`} />
                <span>HotRush</span>
              </label>
              <small id={`${id}-hotrush-hint`} className="field-hint">
                The highest priority: the ticket is processed out of turn (HotRush support, charged extra when the ticket closes).
              </small>
              {errors.field('hotRush') ? <small className="field-error">{errors.field('hotRush')}</small> : null}
            </div>
          </>
        ) : null}
        <FormError error={errors.form} />
        {result ? <p role="status">{result}</p> : null}
        <div>
          <button type="submit" className="primary" disabled={update.isPending}>
            {update.isPending ? 'Updating…' : 'Update'}
          </button>
        </div>
      </form>
    </section>
  );
}

export const isNotFound = (err: unknown): boolean => err instanceof PortalError && err.status === 404;
