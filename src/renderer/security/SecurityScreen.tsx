/**
 * The own sign-in security, for every staff member: the own sessions (end one, or sign out
 * everywhere), the own password (the current one first; the other sessions end), two-factor (set up with a QR code, the recovery codes shown once, turned off
 * with the password), and for admins the setting that requires two-factor for all staff.
 * Online only: it all lives on the server.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TwoFactorEnrolment } from '../../shared/api/signInSecurity';
import type { SessionInfo } from '../../shared/console/schemas';
import { minPasswordLength } from '../../shared/api/profile';
import { newPasswordIssue } from '../../shared/auth/newPasswordIssue';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { SessionsTable } from '../../shared/ui/signInSecurity/SessionsTable';
import { EnrolmentQr, RecoveryCodes } from './TwoFactorParts';

const errorOf = (...errs: Array<Error | null>) => errs.find((e) => e)?.message ?? null;

function Sessions() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: queryKey('security.sessions'), queryFn: () => consoleClient().security.sessions() });
  const end = useMutation({
    mutationFn: (sessionId: number) => consoleClient().security.endSession({ sessionId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKey('security.sessions') }),
  });
  const everywhere = useMutation({
    mutationFn: () => consoleClient().security.signOutEverywhere(),
    onSuccess: () => queryClient.setQueryData(queryKey('auth.session'), null),
  });
  const error = errorOf(sessions.error, end.error, everywhere.error);
  return (
    <section aria-labelledby="security-sessions">
      <h2 id="security-sessions">Your sessions</h2>
      <p className="muted">Every console and browser signed in as you. End any you do not recognise (a lost laptop), then change your password.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {sessions.data && <SessionsTable sessions={sessions.data.sessions} currentLabel="this console" onEnd={(id) => end.mutate(id)} ending={end.isPending} />}
      <button type="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
        End every session (this console too)
      </button>
    </section>
  );
}

function TwoFactor({ session }: { session: SessionInfo }) {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: queryKey('security.twoFactor'), queryFn: () => consoleClient().security.twoFactor() });
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKey('security.twoFactor') });
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const enrol = useMutation({ mutationFn: () => consoleClient().security.enrolTwoFactor(), onSuccess: (e) => setEnrolment(e) });
  const confirm = useMutation({
    mutationFn: () => consoleClient().security.confirmTwoFactor({ code: code.trim() }),
    onSuccess: (r) => {
      setCodes(r.recoveryCodes);
      setEnrolment(null);
      setCode('');
      void refresh();
    },
  });
  const disable = useMutation({ mutationFn: () => consoleClient().security.disableTwoFactor({ password }), onSuccess: () => (setPassword(''), refresh()) });
  const require = useMutation({ mutationFn: (requiredForStaff: boolean) => consoleClient().security.setTwoFactorRequired({ requiredForStaff }), onSuccess: () => refresh() });
  const error = errorOf(status.error, enrol.error, confirm.error, disable.error, require.error);
  const submitCode = (e: FormEvent) => (e.preventDefault(), confirm.mutate());
  const submitOff = (e: FormEvent) => (e.preventDefault(), disable.mutate());
  const s = status.data;
  return (
    <section aria-labelledby="security-two-factor">
      <h2 id="security-two-factor">Two-factor sign-in</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {s && <p role="status">{s.enabled ? `Two-factor is on. ${s.recoveryCodesLeft} recovery codes left.` : 'Two-factor is off.'}{s.requiredForStaff ? ' It is required for all staff.' : ''}</p>}
      {codes && <RecoveryCodes codes={codes} />}
      {s && !s.enabled && !enrolment && (
        <button type="button" onClick={() => enrol.mutate()} disabled={enrol.isPending}>
          Set up two-factor
        </button>
      )}
      {enrolment && (
        <form onSubmit={submitCode} aria-label="Set up two-factor">
          <EnrolmentQr enrolment={enrolment} />
          <label>
            Code from the app
            <input name="code" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} required />
          </label>
          <button type="submit" disabled={confirm.isPending}>
            Turn two-factor on
          </button>
        </form>
      )}
      {s?.enabled && !s.requiredForStaff && (
        <form onSubmit={submitOff} aria-label="Turn two-factor off">
          <label>
            Your password
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <button type="submit" disabled={disable.isPending}>
            Turn two-factor off
          </button>
        </form>
      )}
      {s && session.user.role === 'staff.admin' && (
        <label>
          <input type="checkbox" checked={s.requiredForStaff} onChange={(e) => require.mutate(e.target.checked)} disabled={require.isPending} />
          Require two-factor for all staff (staff without it are signed out and set it up at their next sign-in)
        </label>
      )}
    </section>
  );
}

/** The own password: the current one, the new one twice (the shared policy's words before sending, the server's after). */
function ChangePassword() {
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => consoleClient().security.changePassword({ currentPassword, newPassword }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setRepeat('');
      void queryClient.invalidateQueries({ queryKey: queryKey('security.sessions') });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.reset();
    const issue = !currentPassword ? { field: 'current', reason: 'must not be empty' } : newPasswordIssue(newPassword, repeat);
    setProblem(issue ? `${issue.field === 'current' ? 'Current password' : issue.field === 'repeat' ? 'Repeat new password' : 'New password'}: ${issue.reason}` : null);
    if (!issue) change.mutate();
  };
  const ended = change.data?.sessionsEnded;
  const error = problem ?? change.error?.message ?? null;
  return (
    <section aria-labelledby="security-password">
      <h2 id="security-password">Your password</h2>
      <form onSubmit={submit} aria-label="Change your password" noValidate>
        <label>
          Current password
          <input type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} required aria-describedby="security-password-hint" />
        </label>
        <span id="security-password-hint" className="muted">At least {minPasswordLength} characters; not your e-mail address, not a common password (a phrase of a few unrelated words works well).</span>
        <label>
          Repeat new password
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        </label>
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {ended !== undefined && !error && (
        <p role="status">Your password is changed. {ended === 1 ? '1 other session has' : `${ended} other sessions have`} ended; this console stays signed in.</p>
      )}
    </section>
  );
}

export function SecurityScreen({ session }: { session: SessionInfo }) {
  return (
    <div className="security-screen">
      <h1>Security</h1>
      <TwoFactor session={session} />
      <Sessions />
      <ChangePassword />
    </div>
  );
}
