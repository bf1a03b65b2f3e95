/** Sign in; afterwards straight on to the page the customer was going to (an email's link, say). */
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { useSession } from '../api/session';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';

/** Only a path of this site: `next=//evil.example` or `next=https://…` must not send anyone away. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/tickets';
}

export function SignInPage() {
  const { signIn, expired } = useSession();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    errors.clear();
    try {
      await signIn(email, password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      errors.take(err, ['email', 'password']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Sign in">
      {expired ? <Notice tone="warning">Your session has ended. Please sign in again.</Notice> : null}
      <form className="form narrow" aria-label="Sign in" onSubmit={submit} noValidate>
        <Field label="E-mail" error={errors.field('email')}>
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field label="Password" error={errors.field('password')}>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <FormError error={errors.form} />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
        <p>
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </form>
    </Page>
  );
}
