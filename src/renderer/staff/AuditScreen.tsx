/**
 * The admin's Audit screen: the audit log from the server, newest first, filtered by person,
 * action, account and time range, paged ("Older entries"), and exported as CSV with the same
 * filters. Keyboard: f to the filters, x export.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { AuditQuery } from '../../shared/api/staffAdmin';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useUi } from '../shell/uiStore';
import { formatDateTime } from '../shell/timeText';
import { useScreenKeys } from './screenKeys';
import { ServerReadError } from './ServerReadError';
import { useTeam } from './TeamScreen';

interface FilterForm {
  actorUserId: string;
  action: string;
  accountId: string;
  from: string;
  to: string;
}
const noFilters: FilterForm = { actorUserId: '', action: '', accountId: '', from: '', to: '' };

/** The form as the query's filters (a date's day from its start, `to` to its end). */
function filtersOf(f: FilterForm): AuditQuery {
  const day = (text: string, end: boolean) => (text ? new Date(`${text}T00:00:00`).getTime() + (end ? 86_400_000 - 1 : 0) : undefined);
  return {
    actorUserId: f.actorUserId ? Number(f.actorUserId) : undefined,
    action: f.action.trim() || undefined,
    accountId: f.accountId ? Number(f.accountId) : undefined,
    from: day(f.from, false),
    to: day(f.to, true),
  };
}

/** Hands the CSV to the browser as a download. */
function download(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditScreen() {
  const team = useTeam();
  const [form, setForm] = useState<FilterForm>(noFilters);
  const [filters, setFilters] = useState<AuditQuery>({});
  const [before, setBefore] = useState<number[]>([]);
  const firstRef = useRef<HTMLSelectElement | null>(null);
  const page = useQuery({ queryKey: queryKey('audit.query', { ...filters, before: before.at(-1) }), queryFn: () => consoleClient().audit.query({ ...filters, before: before.at(-1) }), retry: false });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(filtersOf(form));
    setBefore([]);
  };
  const exportCsv = useCallback(async () => {
    try {
      const { csv, fileName } = await consoleClient().audit.exportCsv(filters);
      download(csv, fileName);
    } catch (err) {
      useUi.getState().notify({ kind: 'error', title: 'Export failed', body: err instanceof Error ? err.message : String(err) });
    }
  }, [filters]);

  useScreenKeys(useCallback((key: string) => {
    if (key === 'f') firstRef.current?.focus();
    else if (key === 'x') void exportCsv();
    else return false;
    return true;
  }, [exportCsv]));

  const field = (name: keyof FilterForm) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });
  return (
    <section className="audit-screen" aria-labelledby="audit-title">
      <header className="screen-header">
        <h1 id="audit-title">Audit log</h1>
        <p className="muted"><kbd>f</kbd> filters · <kbd>x</kbd> export CSV</p>
      </header>
      <form className="audit-filters" aria-label="Audit filters" onSubmit={apply}>
        <label>
          Person
          <select ref={firstRef} {...field('actorUserId')}>
            <option value="">Anyone</option>
            {team.data?.people.map((p) => (
              <option key={p.id} value={p.id}>{p.name}</option>
            ))}
          </select>
        </label>
        <label>
          Action <input placeholder="staff. or ledger.adjust" {...field('action')} />
        </label>
        <label>
          Account id <input inputMode="numeric" {...field('accountId')} />
        </label>
        <label>
          From <input type="date" {...field('from')} />
        </label>
        <label>
          To <input type="date" {...field('to')} />
        </label>
        <button type="submit" className="primary">Filter</button>
        <button type="button" onClick={() => void exportCsv()}>Export CSV</button>
      </form>
      {page.isPending ? (
        <p className="loading">Reading the audit log from the server…</p>
      ) : page.isError ? (
        <ServerReadError error={page.error} retry={() => void page.refetch()} />
      ) : page.data.entries.length === 0 ? (
        <p className="muted">No entries match.</p>
      ) : (
        <>
          <table className="billing-table" aria-label="Audit entries">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Account</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {page.data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.actorName ?? 'system'}</td>
                  <td>{e.action}</td>
                  <td>{e.entity}{e.entityId !== null ? ` ${e.entityId}` : ''}</td>
                  <td>{e.accountId ?? ''}</td>
                  <td><code>{JSON.stringify(e.details)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            {before.length > 0 && <button type="button" onClick={() => setBefore(before.slice(0, -1))}>Newer entries</button>}
            {page.data.nextBefore !== null && <button type="button" onClick={() => setBefore([...before, page.data.nextBefore!])}>Older entries</button>}
          </div>
        </>
      )}
    </section>
  );
}
