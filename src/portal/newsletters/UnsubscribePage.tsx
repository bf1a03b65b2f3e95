/**
 * A newsletter's unsubscribe link (`/newsletter/unsubscribe?token=`, in every newsletter
 * email and its List-Unsubscribe header): which topic it stops for which company, and one
 * button that stops it, without signing in. Opening the link changes nothing (a mail
 * scanner that follows links unsubscribes nobody); mail clients' own one-click button POSTs
 * to the same address (RFC 8058) and is answered by the server directly.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import type { UnsubscribeView } from '../../shared/newsletters/newsletters';
import { api, errorText } from '../api/portalClient';
import { FormError } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { useLinkToken } from '../signIn/SetPasswordPage';

export function UnsubscribePage() {
  const token = useLinkToken();
  const queryClient = useQueryClient();
  const link = useQuery({
    queryKey: ['newsletter-link', token],
    queryFn: () => api<UnsubscribeView>('GET', `/api/newsletter/unsubscribe?token=${encodeURIComponent(token)}`),
    retry: false,
    enabled: token !== '',
  });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const unsubscribe = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/newsletter/unsubscribe', { token });
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: ['customer', 'account'] });
    } catch (err) {
      setError(errorText(err).replace(/^body\.token: /, ''));
    } finally {
      setBusy(false);
    }
  };

  const options = (
    <p>
      To choose all your newsletters, sign in and open <Link href="/profiles/self">Edit self-profile</Link> (the Newsletter section).
    </p>
  );
  if (!token || link.isError) {
    return (
      <Page title="Unsubscribe from a newsletter">
        <Notice tone="error">{token ? errorText(link.error).replace(/^query\.token: /, '') : 'This page needs the unsubscribe link from a newsletter email.'}</Notice>
        {options}
      </Page>
    );
  }
  if (!link.data) return <Page title="Unsubscribe from a newsletter"><Notice>Reading the link…</Notice></Page>;
  const { topicTitle, company, subscribed } = link.data;
  return (
    <Page title="Unsubscribe from a newsletter">
      {done || !subscribed ? (
        <Notice>
          {company} no longer receives "{topicTitle}" newsletters.
        </Notice>
      ) : (
        <div className="form narrow">
          <p>
            Stop sending "{topicTitle}" newsletters to {company}? Your other newsletter options stay as they are.
          </p>
          <FormError error={error} />
          <button type="button" className="primary" disabled={busy} onClick={() => void unsubscribe()}>
            Unsubscribe from {topicTitle}
          </button>
        </div>
      )}
      {options}
    </Page>
  );
}
