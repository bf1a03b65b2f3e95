/**
 * "Edit self-profile": the own name, the password (the current one first), the e-mail (changed
 * only once the confirmation link sent to the new address is followed) and, at the bottom,
 * the "Newsletter" section with the help page's five options (the owner's choice for the account).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { minPasswordLength, newsletterLabels, type SelfProfile as Profile } from '../../shared/api/profile';
import { newsletterTopics, type NewsletterTopic } from '../../shared/domain/model';
import { api, errorText } from '../api/portalClient';
import { isOwner, useSession, useUser } from '../api/session';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/useFormErrors';
import { Notice } from '../shell/Page';
import { OwnersOnly } from './OwnersOnly';
import { OwnSessions } from './OwnSessions';
import { newPasswordIssue } from '../../shared/auth/newPasswordIssue';

type Topic = z.infer<typeof NewsletterTopic>;
const profileKey = ['customer', 'profile'] as const;

export function SelfProfile() {
  const profile = useQuery({ queryKey: profileKey, queryFn: () => api<{ profile: Profile }>('GET', '/api/customer/profile') });
  return (
    <section aria-labelledby="self-profile">
      <h2 id="self-profile">Edit self-profile</h2>
      {profile.isPending ? <Notice>Loading…</Notice> : null}
      {profile.isError ? <Notice tone="error">{errorText(profile.error)}</Notice> : null}
      {profile.data ? (
        <>
          <NameForm profile={profile.data.profile} />
          <PasswordForm />
          <OwnSessions />
          <EmailForm profile={profile.data.profile} />
          <Newsletter />
        </>
      ) : null}
    </section>
  );
}

function NameForm({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const { reload } = useSession();
  const [name, setName] = useState(profile.name);
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors();
  const save = useMutation({
    mutationFn: () => api<{ profile: Profile }>('PUT', '/api/customer/profile/name', { name }),
    onMutate: () => {
      setSaved(false);
      errors.clear();
    },
    onSuccess: (r) => {
      queryClient.setQueryData(profileKey, r);
      setSaved(true);
      void reload();
    },
    onError: (err) => errors.take(err, ['name']),
  });
  return (
    <form className="form narrow" aria-label="Name" onSubmit={(e) => { e.preventDefault(); save.mutate(); }} noValidate>
      <h3>Name</h3>
      <Field label="Name" error={errors.field('name')}>
        <input type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <FormError error={errors.form} />
      {saved ? <Notice>Your name is saved.</Notice> : null}
      <button type="submit" className="primary" disabled={save.isPending}>
        Save name
      </button>
    </form>
  );
}

function PasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (!currentPassword) return errors.set({ currentPassword: 'must not be empty' });
    const issue = newPasswordIssue(newPassword, repeat);
    if (issue) return errors.set({ [issue.field === 'password' ? 'newPassword' : 'repeat']: issue.reason });
    setBusy(true);
    errors.clear();
    try {
      await api('POST', '/api/customer/profile/password', { currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setRepeat('');
      setDone(true);
    } catch (err) {
      errors.take(err, ['currentPassword', 'newPassword']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form narrow" aria-label="Password" onSubmit={submit} noValidate>
      <h3>Password</h3>
      <Field label="Current password" error={errors.field('currentPassword')}>
        <input type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} required />
      </Field>
      <Field label="New password" hint={`At least ${minPasswordLength} characters; not your e-mail address, not a common password (a phrase of a few unrelated words works well).`} error={errors.field('newPassword')}>
        <input type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} required />
      </Field>
      <Field label="Repeat new password" error={errors.field('repeat')}>
        <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
      </Field>
      <FormError error={errors.form} />
      {done ? <Notice>Your password is changed. Your other sessions have ended; this one stays signed in.</Notice> : null}
      <button type="submit" className="primary" disabled={busy}>
        Change password
      </button>
    </form>
  );
}

function EmailForm({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const errors = useFormErrors();
  const ask = useMutation({
    mutationFn: () => api<{ profile: Profile }>('POST', '/api/customer/profile/email', { email }),
    onMutate: () => errors.clear(),
    onSuccess: (r) => {
      queryClient.setQueryData(profileKey, r);
      setEmail('');
    },
    onError: (err) => errors.take(err, ['email']),
  });
  const owner = profile.role === 'customer.primary';
  return (
    <form className="form narrow" aria-label="Contact e-mail" onSubmit={(e) => { e.preventDefault(); ask.mutate(); }} noValidate>
      <h3>Contact e-mail</h3>
      <p>
        Your e-mail (your login): <strong>{profile.email}</strong>
        {owner ? (
          <>
            <br />
            The account&apos;s contact e-mail (all notifications go there): <strong>{profile.contactEmail}</strong>
          </>
        ) : null}
      </p>
      {profile.pendingEmail ? (
        <Notice tone="warning">
          Waiting for confirmation: we sent a link to {profile.pendingEmail.email}. Your e-mail{owner ? ' and the contact e-mail' : ''} change only when that link is
          followed (by {new Date(profile.pendingEmail.expiresAt).toLocaleString()}).
        </Notice>
      ) : null}
      <Field
        label="New e-mail"
        hint={`We send a confirmation link to the new address; ${owner ? 'your login and the contact e-mail change' : 'your login changes'} when it is followed.`}
        error={errors.field('email')}
      >
        <input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </Field>
      <FormError error={errors.form} />
      <button type="submit" className="primary" disabled={ask.isPending}>
        Send confirmation link
      </button>
    </form>
  );
}

function Newsletter() {
  const user = useUser();
  return (
    <section aria-labelledby="newsletter" className="form narrow">
      <h3 id="newsletter">Newsletter</h3>
      {isOwner(user) ? <NewsletterForm /> : <OwnersOnly what="the Newsletter section (the account's subscriptions)" />}
    </section>
  );
}

function NewsletterForm() {
  const queryClient = useQueryClient();
  const account = useQuery({
    queryKey: ['customer', 'account'],
    queryFn: () => api<{ account: { newsletter: Topic[] } }>('GET', '/api/customer/account'),
  });
  const [chosen, setChosen] = useState<Set<Topic> | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (account.data && chosen === null) setChosen(new Set(account.data.account.newsletter));
  }, [account.data, chosen]);
  const save = useMutation({
    mutationFn: (topics: Topic[]) => api<{ topics: Topic[] }>('PUT', '/api/customer/account/newsletter', { topics }),
    onMutate: () => setSaved(false),
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: ['customer', 'account'] });
    },
  });
  if (account.isError) return <Notice tone="error">{errorText(account.error)}</Notice>;
  if (!chosen) return <Notice>Loading…</Notice>;
  const toggle = (t: Topic, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(t);
    else next.delete(t);
    setChosen(next);
    setSaved(false);
  };
  return (
    <form aria-label="Newsletter" onSubmit={(e) => { e.preventDefault(); save.mutate(newsletterTopics.filter((t) => chosen.has(t))); }}>
      <fieldset>
        <legend>Tick the subjects you want to be informed on regularly:</legend>
        {newsletterTopics.map((t) => (
          <label key={t} className="checkbox">
            <input type="checkbox" checked={chosen.has(t)} onChange={(e) => toggle(t, e.target.checked)} /> {newsletterLabels[t]}
          </label>
        ))}
      </fieldset>
      <FormError error={save.isError ? errorText(save.error) : null} />
      {saved ? <Notice>Your newsletter subscriptions are saved.</Notice> : null}
      <button type="submit" className="primary" disabled={save.isPending}>
        Save newsletter
      </button>
    </form>
  );
}
