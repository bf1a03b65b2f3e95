/**
 * "New account": a secondary user for a representative (FAQ "How can I let my representative
 * use the message board"). The person's contact info; the e-mail becomes the login, and the
 * person gets an e-mail with a link to set the password.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api } from '../api/portalClient';
import { isOwner, useUser } from '../api/session';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice } from '../shell/Page';
import { usersKey } from './ManageAccounts';
import { OwnersOnly } from './OwnersOnly';

export function NewAccount() {
  const user = useUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const errors = useFormErrors();

  if (!isOwner(user))
    return (
      <section aria-labelledby="new-account">
        <h2 id="new-account">New account</h2>
        <OwnersOnly what="New account" />
      </section>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    errors.clear();
    setCreated(null);
    try {
      await api('POST', '/api/customer/users', { name, email });
      setCreated(`The account for ${name.trim()} is created. We sent an e-mail to ${email.trim()} with a link to set the password; that address is the login.`);
      setName('');
      setEmail('');
      void queryClient.invalidateQueries({ queryKey: usersKey });
    } catch (err) {
      errors.take(err, ['name', 'email']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-account">
      <h2 id="new-account">New account</h2>
      <p>
        A secondary user for a representative of yours (a webmaster, say): they can use the Communication center and the FAQ, nothing else. Fill in the person&apos;s
        contact info; the e-mail address becomes their login.
      </p>
      {created ? (
        <>
          <Notice>{created}</Notice>
          <p>
            <Link href="/accounts">Back to Manage accounts</Link>
          </p>
        </>
      ) : null}
      <form className="form narrow" aria-label="New account" onSubmit={submit} noValidate>
        <Field label="Name" error={errors.field('name')}>
          <input type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="E-mail" hint="Becomes the person's login." error={errors.field('email')}>
          <input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <FormError error={errors.form} />
        <button type="submit" className="primary" disabled={busy}>
          Create
        </button>
      </form>
    </section>
  );
}
