import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../shared/console/schemas';
import type { TwoFactorEnrolment } from '../../shared/api/signInSecurity';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useUi } from '../shell/uiStore';
import { EnrolmentQr, RecoveryCodes } from '../security/TwoFactorParts';

const lastServerKey = 'switchboard.lastServerUrl';

function describe(error: Error): string {
  if (!(error instanceof ConsoleCallError)) return error.message;
  switch (error.code) {
    case 'wrong_credentials':
      return 'Wrong email or password.';
    case 'rate_limited':
      return `Too many attempts. Try again in ${error.retryAfterSeconds ?? 60} seconds.`;
    case 'server_unreachable':
      return `The server cannot be reached. Check the address and your connection. (${error.message})`;
    case 'two_factor_required':
      return 'Enter the 6-digit code of your authenticator app, or one of your recovery codes.';
    case 'two_factor_enrolment_required':
      return 'Two-factor sign-in is required for staff. Scan the QR code with an authenticator app, then enter the 6-digit code it shows.';
    case 'wrong_code':
      return 'This code is wrong, expired or used already. Enter the code your authenticator app shows now.';
    case 'not_staff':
      return 'This console is for staff accounts. Customers use the customer area.';
    case 'host_unreachable':
      return 'Lost the connection to the console. Retrying…';
    default:
      return error.message;
  }
}

/** The server's "Forgot password?" page (the same for staff and customers), or the form's own page while the URL is not one. */
function forgotPasswordUrl(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.origin}${url.pathname.replace(/\/+$/, '')}/forgot-password` : '#';
  } catch {
    return '#';
  }
}

/** `notice`: why the user is here again (the session expired), from the last sync status. */
export function SignInForm({ notice = null }: { notice?: string | null }) {
  const queryClient = useQueryClient();
  const lastServer = localStorage.getItem(lastServerKey);
  const [serverUrl, setServerUrl] = useState(() => lastServer ?? 'http://localhost:8787');
  // Never used here before: offer the server this console was started for (the web host's SWITCHBOARD_SERVER_URL).
  const defaults = useQuery({ queryKey: queryKey('auth.defaults'), queryFn: () => consoleClient().auth.defaults(), enabled: lastServer === null, staleTime: Infinity });
  const offered = defaults.data?.serverUrl ?? null;
  const [edited, setEdited] = useState(false);
  useEffect(() => {
    if (offered && !edited && lastServer === null) setServerUrl(offered);
  }, [offered, edited, lastServer]);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Two-factor: asked for once the password was right; the enrolment when it is to be set up now.
  const [askCode, setAskCode] = useState(false);
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [code, setCode] = useState('');
  // Recovery codes of a two-factor set up at this sign-in: shown before the console opens.
  const [newCodes, setNewCodes] = useState<SessionInfo | null>(null);
  const enter = (session: SessionInfo) => {
    localStorage.setItem(lastServerKey, session.serverUrl);
    useUi.setState({ firstSyncPending: true });
    const { recoveryCodes: _shownOnce, ...info } = session;
    queryClient.setQueryData(queryKey('auth.session'), info);
  };
  const signIn = useMutation({
    mutationFn: () => consoleClient().auth.signIn({ serverUrl, email, password, ...(askCode && code.trim() ? { code: code.trim() } : {}) }),
    onSuccess: (session) => (session.recoveryCodes ? setNewCodes(session) : enter(session)),
    onError: (error) => {
      if (!(error instanceof ConsoleCallError)) return;
      if (error.code === 'two_factor_required' || error.code === 'two_factor_enrolment_required') {
        setAskCode(true);
        setCode('');
        setEnrolment(error.twoFactorEnrolment ?? null);
      }
    },
  });
  const field = signIn.error instanceof ConsoleCallError ? signIn.error.field : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  if (newCodes) {
    return (
      <main className="sign-in">
        <h1>Two-factor is on</h1>
        <RecoveryCodes codes={newCodes.recoveryCodes!} />
        <button type="button" onClick={() => enter(newCodes)}>
          I have saved them
        </button>
      </main>
    );
  }
  return (
    <main className="sign-in">
      <h1>Switchboard</h1>
      <p className="muted">Sign in with your staff account.</p>
      {notice && !signIn.error && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          Server URL
          <input type="url" name="serverUrl" value={serverUrl} onChange={(e) => (setServerUrl(e.target.value), setEdited(true))} required aria-invalid={field === 'serverUrl'} />
        </label>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required aria-invalid={field === 'email'} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required aria-invalid={field === 'password'} />
        </label>
        {enrolment && (
          <EnrolmentQr enrolment={enrolment} />
        )}
        {askCode && (
          <label>
            Two-factor code
            <input name="code" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} required autoFocus aria-invalid={signIn.error instanceof ConsoleCallError && signIn.error.code === 'wrong_code'} />
          </label>
        )}
        {signIn.error && (
          <p role="alert" className="error">
            {describe(signIn.error)}
          </p>
        )}
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {/* Staff reset their password as customers do: the link goes to the e-mail address. */}
      <p className="muted">
        <a href={forgotPasswordUrl(serverUrl)} target="_blank" rel="noreferrer">
          Forgot password?
        </a>
      </p>
    </main>
  );
}
