/**
 * Set a password from an emailed link (`/set-password?token=`): a reset, or the first password
 * of a new user. The link is looked at first (whose, still valid?), used only by "Set
 * password"; afterwards the user is signed in and every other session of the user has ended.
 */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'wouter';
import { minPasswordLength, type LinkInfo } from '../../shared/api/profile';
import { api, errorText, PortalError } from '../api/portalClient';
import { useSession } from '../api/session';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';
import { newPasswordIssue } from '../../shared/auth/newPasswordIssue';

/** The link's token from the address bar, or '' when there is none. */
export function useLinkToken(): string {
  const [params] = useSearchParams();
  return params.get('token') ?? '';
}

/** Whose the link is and whether it still works, without using it. */
export function useLinkInfo(token: string) {
  // The check is a POST: it waits for the session's answer, which brings the CSRF token.
  const { user } = useSession();
  return useQuery({
    queryKey: ['link', token],
    queryFn: () => api<{ link: LinkInfo }>('POST', '/api/auth/link', { token }),
    enabled: token !== '' && user !== undefined,
    retry: (n, err) => !(err instanceof PortalError) && n < 2,
    staleTime: Infinity,
  });
}

export function SetPasswordPage() {
  const token = useLinkToken();
  const link = useLinkInfo(token);
  const { reload } = useSession();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<'customer' | 'staff' | null>(null);
  const errors = useFormErrors();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const issue = newPasswordIssue(password, repeat);
    if (issue) return errors.set({ [issue.field]: issue.reason });
    setBusy(true);
    errors.clear();
    try {
      const answer = await api<{ user: { role: string } }>('POST', '/api/auth/set-password', { token, password });
      await reload();
      setDone(answer.user.role.startsWith('staff.') ? 'staff' : 'customer');
    } catch (err) {
      errors.take(err, ['password', 'token']);
      setBusy(false);
    }
  };

  const again = (
    <p>
      <Link href="/forgot-password">Ask for a new link</Link> or <Link href="/sign-in">sign in</Link>.
    </p>
  );
  if (done === 'staff')
    return (
      <Page title="Set your password">
        <Notice>Your password is set. Sign in to the Switchboard staff console with your e-mail address and this password.</Notice>
      </Page>
    );
  if (done)
    return (
      <Page title="Set your password">
        <Notice>Your password is set and you are signed in.</Notice>
        <p>
          <Link href="/tickets">Go to the Communication center</Link>
        </p>
      </Page>
    );
  if (!token)
    return (
      <Page title="Set your password">
        <Notice tone="error">This page needs the link from the e-mail we sent you. Open the link from the e-mail again.</Notice>
        {again}
      </Page>
    );
  if (link.isPending) return <Page title="Set your password"><Notice>Checking the link…</Notice></Page>;
  if (link.isError || link.data.link.purpose === 'email_change')
    return (
      <Page title="Set your password">
        <Notice tone="error">
          {link.isError ? errorText(link.error).replace(/^body\.token: /, '') : 'This link confirms a new e-mail address; it cannot set a password.'}
        </Notice>
        {again}
      </Page>
    );
  const info = link.data.link;
  const tokenError = errors.field('token');
  return (
    <Page title="Set your password">
      <form className="form narrow" aria-label="Set your password" onSubmit={submit} noValidate>
        <p>
          {info.purpose === 'first_password' ? 'Choose the password of your new account' : 'Choose a new password'} for <strong>{info.email}</strong>.
          {info.purpose === 'password_reset' ? ' You will be signed out everywhere else.' : ''}
        </p>
        <Field label="New password" hint={`At least ${minPasswordLength} characters; not your e-mail address, not a common password (a phrase of a few unrelated words works well).`} error={errors.field('password')}>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <Field label="Repeat new password" error={errors.field('repeat')}>
          <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
        </Field>
        {tokenError ? (
          <>
            <FormError error={tokenError} />
            {again}
          </>
        ) : (
          <FormError error={errors.form} />
        )}
        <button type="submit" className="primary" disabled={busy}>
          Set password
        </button>
      </form>
    </Page>
  );
}
