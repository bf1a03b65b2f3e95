/**
 * Confirm a new e-mail address (`/confirm-email?token=`, the link sent to that address). The
 * link is used only by the button, so a mail scanner that opens links changes nothing.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { api, errorText } from '../api/portalClient';
import { useSession } from '../api/session';
import { FormError } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { useLinkInfo, useLinkToken } from '../signIn/SetPasswordPage';

export function ConfirmEmailPage() {
  const token = useLinkToken();
  const link = useLinkInfo(token);
  const { user, reload } = useSession();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ email: string }>('POST', '/api/auth/confirm-email', { token });
      setDone(r.email);
      await queryClient.invalidateQueries({ queryKey: ['customer'] });
      if (user) await reload();
    } catch (err) {
      setError(errorText(err).replace(/^body\.token: /, ''));
    } finally {
      setBusy(false);
    }
  };

  const title = 'Confirm your new e-mail';
  if (done)
    return (
      <Page title={title}>
        <Notice>Your e-mail is now {done}. Sign in with it from now on.</Notice>
        <p>{user ? <Link href="/profiles/self">Back to Edit self-profile</Link> : <Link href="/sign-in">Sign in</Link>}</p>
      </Page>
    );
  if (!token) return <Page title={title}><Notice tone="error">This page needs the link from the e-mail we sent you. Open the link from the e-mail again.</Notice></Page>;
  if (link.isPending) return <Page title={title}><Notice>Checking the link…</Notice></Page>;
  if (link.isError || link.data.link.purpose !== 'email_change')
    return (
      <Page title={title}>
        <Notice tone="error">{link.isError ? errorText(link.error).replace(/^body\.token: /, '') : 'This link is for setting a password, not for confirming an e-mail address.'}</Notice>
      </Page>
    );
  const info = link.data.link;
  return (
    <Page title={title}>
      <p>
        Use <strong>{info.newEmail}</strong> instead of {info.email} for {info.name}&apos;s customer account (to sign in, and for the notifications when you are the
        account&apos;s owner)?
      </p>
      <FormError error={error} />
      <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
        Confirm the new e-mail
      </button>
    </Page>
  );
}
