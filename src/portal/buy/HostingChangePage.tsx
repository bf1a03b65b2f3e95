/**
 * "How to change hosting plan?" (help page): a change to a more advanced or a longer plan is
 * a Sales ticket, not an order form. This page names the current plan, lets the customer
 * pick the wanted one, and opens the new ticket form as a Sales question pre-filled with both.
 */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { catalogueTitle, priceText } from '../../shared/catalogue/catalogue';
import { hostingChangeTicket, type CurrentHosting } from '../../shared/catalogue/hostingChange';
import { api, errorText } from '../api/portalClient';
import { Field } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { useCatalogue } from './catalogueData';

export function HostingChangePage() {
  const [, navigate] = useLocation();
  const hosting = useQuery({ queryKey: ['customer', 'hosting'], queryFn: () => api<CurrentHosting>('GET', '/api/customer/hosting') });
  const catalogue = useCatalogue();
  const plans = (catalogue.data?.items ?? []).filter((i) => i.kind === 'hosting');
  const [wanted, setWanted] = useState('');
  const [error, setError] = useState<string | undefined>();
  const current = hosting.data?.current ?? null;
  const currentText = current ? `${current.plan}, ${current.months} months` : null;

  const open = (e: FormEvent) => {
    e.preventDefault();
    const plan = plans.find((p) => String(p.id) === wanted);
    if (!plan) return setError('choose the plan you want');
    const ticket = hostingChangeTicket(currentText, `${catalogueTitle(plan)} (${priceText(plan)})`);
    navigate(`~/tickets/new?${new URLSearchParams(ticket)}`);
  };

  return (
    <Page title="How to change hosting plan">
      <p>
        If you would like to upgrade your hosting plan to a more advanced or a longer one, please submit a sales ticket; our sales team will assist you with the change.
        Choose the plan you want and we fill in the ticket for you.
      </p>
      {hosting.isPending || catalogue.isPending ? <Notice>Loading…</Notice> : null}
      {hosting.error || catalogue.error ? <Notice tone="error">{errorText(hosting.error ?? catalogue.error)}</Notice> : null}
      {hosting.data && catalogue.data ? (
        <form className="form narrow" noValidate onSubmit={open} aria-label="Change hosting plan">
          <p>
            <strong>Your current plan:</strong> {currentText ?? 'none yet'}
          </p>
          <Field label="Wanted plan" error={error}>
            <select value={wanted} onChange={(e) => (setWanted(e.target.value), setError(undefined))}>
              <option value="">Choose a plan…</option>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {catalogueTitle(p)}: {priceText(p)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="primary">
            Open a sales ticket
          </button>
        </form>
      ) : null}
    </Page>
  );
}
