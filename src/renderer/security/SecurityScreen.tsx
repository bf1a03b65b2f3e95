/**
 * The own sign-in security, for every staff member: the own sessions (end one, or sign out
 * everywhere), two-factor (set up with a QR code, the recovery codes shown once, turned off
 * with the password), and for admins the setting that requires two-factor for all staff.
 * Online only: it all lives on the server.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TwoFactorEnrolment } from '../../shared/api/signInSecurity';
import type { SessionInfo } from '../../shared/console/schemas';
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

export function SecurityScreen({ session }: { session: SessionInfo }) {
  return (
    <div className="security-screen">
      <h1>Security</h1>
      <TwoFactor session={session} />
      <Sessions />
    </div>
  );
}
