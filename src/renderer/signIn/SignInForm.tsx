import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useUi } from '../shell/uiStore';

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
    case 'not_staff':
      return 'This console is for staff accounts. Customers use the customer area.';
    case 'host_unreachable':
      return 'Lost the connection to the console. Retrying…';
    default:
      return error.message;
  }
}

/** `notice`: why the user is here again (the session expired), from the last sync status. */
export function SignInForm({ notice = null }: { notice?: string | null }) {
  const queryClient = useQueryClient();
  const [serverUrl, setServerUrl] = useState(() => localStorage.getItem(lastServerKey) ?? 'http://localhost:8787');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => consoleClient().auth.signIn({ serverUrl, email, password }),
    onSuccess: (session) => {
      localStorage.setItem(lastServerKey, session.serverUrl);
      useUi.setState({ firstSyncPending: true });
      queryClient.setQueryData(queryKey('auth.session'), session);
    },
  });
  const field = signIn.error instanceof ConsoleCallError ? signIn.error.field : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
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
          <input type="url" name="serverUrl" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required aria-invalid={field === 'serverUrl'} />
        </label>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required aria-invalid={field === 'email'} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required aria-invalid={field === 'password'} />
        </label>
        {signIn.error && (
          <p role="alert" className="error">
            {describe(signIn.error)}
          </p>
        )}
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
