/**
 * "Forgot password?": an e-mail address in, always the same answer out (whether or not the
 * address has an account), and a single-use link by e-mail when it has one.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice, Page } from '../shell/Page';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<string | null>(null);
  const errors = useFormErrors();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    errors.clear();
    try {
      const res = await api<{ message: string }>('POST', '/api/auth/forgot-password', { email });
      setAnswer(res.message);
    } catch (err) {
      errors.take(err, ['email']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Forgot password">
      {answer ? (
        <>
          <Notice>{answer}</Notice>
          <p>
            <Link href="/sign-in">Back to sign in</Link>
          </p>
        </>
      ) : (
        <form className="form narrow" aria-label="Forgot password" onSubmit={submit} noValidate>
          <p>Enter the e-mail you sign in with. We will send you a link to set a new password.</p>
          <Field label="E-mail" error={errors.field('email')}>
            <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </Field>
          <FormError error={errors.form} />
          <button type="submit" className="primary" disabled={busy}>
            Send link
          </button>
          <p>
            <Link href="/sign-in">Back to sign in</Link>
          </p>
        </form>
      )}
    </Page>
  );
}
