/**
 * The admin's Departments screen: each department with its open tickets and people; create,
 * rename, archive. Archiving is refused by the server while open tickets remain (the toast
 * says how many); an archived department stays listed for its history. Keyboard: j/k move,
 * n new, e rename, a archive.
 */
import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { DepartmentInfo } from '../../shared/api/staffAdmin';
import { consoleClient } from '../api/consoleClient';
import { runTicketAction } from '../api/useTicketAction';
import { formatDate } from '../shell/timeText';
import { movedCursor, useScreenKeys } from './screenKeys';
import { ServerReadError } from './ServerReadError';
import { useTeam } from './TeamScreen';

/** A one-field name form: a new department, or a rename. */
function NameForm({ label, initial, onSubmit, inputRef, onCancel }: { label: string; initial: string; onSubmit(name: string): Promise<void>; inputRef?: React.Ref<HTMLInputElement>; onCancel?(): void }) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await onSubmit(name);
      setError(null);
      setName(initial);
    } catch (err) {
      setError((err instanceof Error ? err.message : String(err)).split(': ').at(-1)!);
    }
  };
  return (
    <form className="name-form" aria-label={label} noValidate onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel?.()}>
      <label>
        {label}
        <input ref={inputRef} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!error} />
      </label>
      <button type="submit" className="primary">{initial ? 'Rename' : 'Create'}</button>
      {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      {error && <span role="alert" className="field-error">{error}</span>}
    </form>
  );
}

export function DepartmentsScreen() {
  const team = useTeam();
  const [cursor, setCursor] = useState(0);
  const [renaming, setRenaming] = useState<DepartmentInfo | null>(null);
  const newRef = useRef<HTMLInputElement | null>(null);
  const departments = team.data?.departments ?? [];
  const at = Math.min(cursor, Math.max(0, departments.length - 1));
  const current = departments[at];
  const archive = useCallback((d: DepartmentInfo) => {
    if (d.archivedAt !== null) return;
    if (!window.confirm(`Archive ${d.name}? It then takes no new tickets or people.`)) return;
    void runTicketAction('department.archive', { departmentId: d.id });
  }, []);

  useScreenKeys(useCallback((key: string) => {
    const moved = movedCursor(key, at, departments.length);
    if (moved !== null) setCursor(moved);
    else if (key === 'n') newRef.current?.focus();
    else if (key === 'e' && current) setRenaming(current);
    else if (key === 'a' && current) archive(current);
    else return false;
    return true;
  }, [at, departments.length, current, archive]));

  return (
    <section className="departments-screen" aria-labelledby="departments-title">
      <header className="screen-header">
        <h1 id="departments-title">Departments <span className="count">{departments.length}</span></h1>
        <p className="muted">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>n</kbd> new · <kbd>e</kbd> rename · <kbd>a</kbd> archive
        </p>
      </header>
      {team.isPending ? (
        <p className="loading">Reading the departments from the server…</p>
      ) : team.isError ? (
        <ServerReadError error={team.error} retry={() => void team.refetch()} />
      ) : (
        <>
          <table className="billing-table" aria-label="Departments">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Open tickets</th>
                <th scope="col">People</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d, i) => (
                <tr key={d.id} aria-selected={i === at} className={i === at ? 'cursor' : ''} onClick={() => setCursor(i)}>
                  <td>{d.name}</td>
                  <td>{d.openTickets}</td>
                  <td>{d.people}</td>
                  <td>{d.archivedAt === null ? 'Active' : `Archived ${formatDate(d.archivedAt)}`}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setRenaming(d)}>Rename…</button>
                    {d.archivedAt === null && <button type="button" onClick={() => archive(d)}>Archive</button>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {renaming && (
            <NameForm
              key={renaming.id}
              label={`New name for ${renaming.name}`}
              initial={renaming.name}
              onCancel={() => setRenaming(null)}
              onSubmit={async (name) => {
                await consoleClient().department.rename({ departmentId: renaming.id, name });
                setRenaming(null);
              }}
            />
          )}
          <NameForm label="New department" initial="" inputRef={newRef} onSubmit={async (name) => void (await consoleClient().department.create({ name }))} />
        </>
      )}
    </section>
  );
}
