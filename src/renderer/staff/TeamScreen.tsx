/**
 * The admin's Team screen: everyone on staff with role, departments, state and last sign-in,
 * pending invitations (resend, cancel), the invite form, and per person: change name, role and
 * departments, reset two-factor (a lost phone), deactivate or reactivate. The list is read from the server (GET
 * /api/admin/staff, online only); changes are local actions pushed through the sync outbox,
 * so a refusal (an email already taken) arrives as a toast and the list follows the server's
 * rows as they sync. Keyboard: j/k move, i invite, Enter or e edit, t reset two-factor, d deactivate, r
 * reactivate.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { TeamMember, TeamResponse } from '../../shared/api/staffAdmin';
import type { StaffRole } from '../../shared/domain/model';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useMe } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { formatAgo } from '../shell/timeText';
import { useNow } from '../shell/useNow';
import { movedCursor, useScreenKeys } from './screenKeys';
import { ServerReadError } from './ServerReadError';
import { personState, roleNames, staffRoleOptions } from './staffText';

export const useTeam = () => useQuery({ queryKey: queryKey('team.list'), queryFn: () => consoleClient().team.list(), retry: false });

/** Field errors of the contract's own check ("staff.invite: email: must be an email address"). */
function fieldError(err: unknown): { field: string; reason: string } | null {
  const m = /^[\w.]+: ([\w.]+?)(?:\.\d+)?: (.+)$/.exec(err instanceof Error ? err.message : '');
  return m ? { field: m[1]!, reason: m[2]! } : null;
}

function DepartmentChoice({ departments, chosen, onChange, legend }: { departments: TeamResponse['departments']; chosen: number[]; onChange(ids: number[]): void; legend: string }) {
  return (
    <fieldset className="department-choice">
      <legend>{legend}</legend>
      {departments.filter((d) => d.archivedAt === null || chosen.includes(d.id)).map((d) => (
        <label key={d.id}>
          <input
            type="checkbox"
            checked={chosen.includes(d.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))}
          />{' '}
          {d.name}
          {d.archivedAt !== null && ' (archived)'}
        </label>
      ))}
    </fieldset>
  );
}

interface PersonForm {
  email: string;
  name: string;
  role: StaffRole;
  departmentIds: number[];
}

/** The invite form, and the same fields (without the email) to change a person. */
function PersonFields({ form, set, departments, withEmail, errors, emailRef }: {
  form: PersonForm; set(f: PersonForm): void; departments: TeamResponse['departments']; withEmail: boolean; errors: Record<string, string>; emailRef?: React.Ref<HTMLInputElement>;
}) {
  return (
    <>
      {withEmail && (
        <label>
          E-mail
          <input ref={emailRef} type="email" value={form.email} onChange={(e) => set({ ...form, email: e.target.value })} aria-invalid={!!errors.email} aria-describedby={errors.email ? 'invite-email-error' : undefined} />
          {errors.email && <span id="invite-email-error" className="field-error">{errors.email}</span>}
        </label>
      )}
      <label>
        Name
        <input value={form.name} onChange={(e) => set({ ...form, name: e.target.value })} aria-invalid={!!errors.name} />
        {errors.name && <span className="field-error">{errors.name}</span>}
      </label>
      <label>
        Role
        <select value={form.role} onChange={(e) => set({ ...form, role: e.target.value as StaffRole })}>
          {staffRoleOptions.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      </label>
      <DepartmentChoice legend="Departments" departments={departments} chosen={form.departmentIds} onChange={(departmentIds) => set({ ...form, departmentIds })} />
      {errors.departmentIds && <span className="field-error">{errors.departmentIds}</span>}
    </>
  );
}

const emptyInvite: PersonForm = { email: '', name: '', role: 'staff.engineer', departmentIds: [] };

function InviteForm({ departments, emailRef }: { departments: TeamResponse['departments']; emailRef: React.RefObject<HTMLInputElement | null> }) {
  const [form, setForm] = useState<PersonForm>(emptyInvite);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string | null>(null);
  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setSent(null);
    try {
      await consoleClient().staff.invite({ email: form.email, name: form.name, role: form.role, departmentIds: form.departmentIds });
      setErrors({});
      setSent(`Invitation to ${form.email.trim()} queued: the e-mail goes out once the server accepts it.`);
      setForm(emptyInvite);
    } catch (err) {
      const f = fieldError(err);
      setErrors(f ? { [f.field]: f.reason } : { email: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <form className="invite-form settings-form" aria-label="Invite a person" noValidate onSubmit={invite}>
      <fieldset>
        <legend>Invite a person</legend>
        <PersonFields form={form} set={setForm} departments={departments} withEmail errors={errors} emailRef={emailRef} />
        <div className="form-actions">
          <button type="submit" className="primary">Send invitation</button>
        </div>
        {sent && <p role="status" className="saved">{sent}</p>}
      </fieldset>
    </form>
  );
}

function EditPerson({ person, departments, onDone }: { person: TeamMember; departments: TeamResponse['departments']; onDone(): void }) {
  const [form, setForm] = useState<PersonForm>({ email: person.email, name: person.name, role: person.role as StaffRole, departmentIds: person.departmentIds });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await consoleClient().staff.update({ userId: person.id, name: form.name, role: form.role, departmentIds: form.departmentIds });
      onDone();
    } catch (err) {
      const f = fieldError(err);
      setErrors(f ? { [f.field]: f.reason } : { name: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <div className="dialog-backdrop">
    <div role="dialog" aria-modal="true" aria-label={`Change ${person.name}`} className="dialog" onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <form className="settings-form" noValidate onSubmit={save}>
        <fieldset>
          <legend>Change {person.name}</legend>
          <PersonFields form={form} set={setForm} departments={departments} withEmail={false} errors={errors} />
          <div className="form-actions">
            <button type="submit" className="primary">Save</button>
            <button type="button" onClick={onDone}>Cancel</button>
          </div>
        </fieldset>
      </form>
    </div>
    </div>
  );
}

export function TeamScreen() {
  const team = useTeam();
  const me = useMe();
  const now = useNow();
  const [cursor, setCursor] = useState(0);
  const [editing, setEditing] = useState<TeamMember | null>(null);
  const emailRef = useRef<HTMLInputElement | null>(null);
  const people = team.data?.people ?? [];
  const at = Math.min(cursor, Math.max(0, people.length - 1));
  const current = people[at];
  // Whether a reset person must set two-factor up again at their next sign-in (said in the confirmation).
  const twoFactorRequired = useQuery({ queryKey: queryKey('security.twoFactor'), queryFn: () => consoleClient().security.twoFactor() }).data?.requiredForStaff === true;
  const departmentName = (id: number) => team.data?.departments.find((d) => d.id === id)?.name ?? `#${id}`;

  const deactivate = useCallback((p: TeamMember) => {
    if (p.id === me.id || !p.active) return;
    if (!window.confirm(`Deactivate ${p.name}? Every session of theirs ends at once and their console signs out.`)) return;
    void runTicketAction('staff.deactivate', { userId: p.id });
  }, [me.id]);
  const reactivate = (p: TeamMember) => void runTicketAction('staff.reactivate', { userId: p.id });
  const resetTwoFactor = useCallback((p: TeamMember) => {
    if (p.id === me.id || !p.twoFactor) return;
    if (!window.confirm(`Reset the two-factor of ${p.name}? It is turned off and every session of theirs ends; they sign in with their password${twoFactorRequired ? ' and set up two-factor again' : ''}.`)) return;
    void runTicketAction('staff.resetTwoFactor', { userId: p.id });
  }, [me.id, twoFactorRequired]);

  useScreenKeys(useCallback((key: string) => {
    const moved = movedCursor(key, at, people.length);
    if (moved !== null) setCursor(moved);
    else if (key === 'i') emailRef.current?.focus();
    else if ((key === 'e' || key === 'Enter') && current) setEditing(current);
    else if (key === 'd' && current) deactivate(current);
    else if (key === 't' && current) resetTwoFactor(current);
    else if (key === 'r' && current && !current.active) reactivate(current);
    else return false;
    return true;
  }, [at, people.length, current, deactivate, resetTwoFactor]));

  return (
    <section className="team-screen" aria-labelledby="team-title">
      <header className="screen-header">
        <h1 id="team-title">Team <span className="count">{people.length}</span></h1>
        <p className="muted">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>i</kbd> invite · <kbd>e</kbd> change · <kbd>t</kbd> reset two-factor · <kbd>d</kbd> deactivate · <kbd>r</kbd> reactivate ·{' '}
          <button type="button" onClick={() => void team.refetch()}>Refresh</button>
        </p>
      </header>
      {team.isPending ? (
        <p className="loading">Reading the team from the server…</p>
      ) : team.isError ? (
        <ServerReadError error={team.error} retry={() => void team.refetch()} />
      ) : (
        <>
          <table className="billing-table" aria-label="People">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Departments</th>
                <th scope="col">State</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Two-factor</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p, i) => (
                <tr key={p.id} aria-selected={i === at} className={i === at ? 'cursor' : ''} onClick={() => setCursor(i)}>
                  <td>{p.name}</td>
                  <td>{p.email}</td>
                  <td>{roleNames[p.role as StaffRole] ?? p.role}</td>
                  <td>{p.departmentIds.map(departmentName).join(', ') || '—'}</td>
                  <td>{personState(p, now)}</td>
                  <td>{p.lastSignInAt === null ? 'never' : formatAgo(p.lastSignInAt, now)}</td>
                  <td>{p.twoFactor ? 'on' : 'off'}</td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setEditing(p)}>Change…</button>
                    {p.invitation && p.active && (
                      <>
                        <button type="button" onClick={() => void runTicketAction('staff.resendInvitation', { userId: p.id })}>Resend invitation</button>
                        <button type="button" onClick={() => window.confirm(`Cancel the invitation of ${p.email}?`) && void runTicketAction('staff.cancelInvitation', { userId: p.id })}>Cancel invitation</button>
                      </>
                    )}
                    {p.twoFactor && p.id !== me.id && (
                      <button type="button" onClick={() => resetTwoFactor(p)}>Reset two-factor</button>
                    )}
                    {p.active && p.id !== me.id && (
                      <button type="button" onClick={() => deactivate(p)}>Deactivate</button>
                    )}
                    {!p.active && (
                      <button type="button" onClick={() => reactivate(p)}>Reactivate</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <InviteForm departments={team.data.departments} emailRef={emailRef} />
          {editing && <EditPerson person={editing} departments={team.data.departments} onDone={() => setEditing(null)} />}
        </>
      )}
    </section>
  );
}
