/**
 * Affiliate program (help page section; DOMAIN.md "Affiliates"): the account's owner joins
 * and gets a referral link and code; the page shows the accounts it brought, their orders
 * with the commission each earns (pending until billing verifies the order, then approved),
 * and the payouts asked for (paid, or converted into support points by billing; a rejected
 * one with billing's reason, its commission approved again to ask for anew).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { payoutStatusLabel, type AffiliatePage as AffiliateView } from '../../shared/affiliates/affiliates';
import { formatMoney } from '../../shared/billing/orderItems';
import { api, errorText } from '../api/portalClient';
import { FormError } from '../forms/Field';
import { Notice, Page } from '../shell/Page';
import { TableWrap } from '../shell/TableWrap';
import './affiliate.css';

const key = ['customer', 'affiliate'] as const;
const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const money = (cents: number) => formatMoney(cents);
const orderStatusLabel = { pending: 'Pending', verified: 'Verified', rejected: 'Rejected' } as const;
const commissionLabel = { pending: 'Pending', approved: 'Approved', none: 'None' } as const;

function Terms({ settings }: { settings: AffiliateView['settings'] }) {
  return (
    <p>
      Share your referral link or code. When a customer who came through it buys within {settings.windowDays} days, you earn {settings.commissionPercent}% of the
      paid amount. The commission is approved once our billing department verifies the order (a rejected order earns nothing), and never for purchases of your own
      account. Ask for a payout of your approved commission: billing pays it, or converts it into support points for your account. Should billing reject a payout,
      it tells you why and its commission is yours to ask for again.
    </p>
  );
}

function Join({ settings }: { settings: AffiliateView['settings'] }) {
  const queryClient = useQueryClient();
  const join = useMutation({
    mutationFn: () => api<AffiliateView>('POST', '/api/customer/affiliate'),
    onSuccess: (page) => queryClient.setQueryData(key, page),
  });
  return (
    <>
      <Terms settings={settings} />
      <button type="button" className="primary" onClick={() => join.mutate()} disabled={join.isPending}>
        Join the affiliate program
      </button>
      <FormError error={join.error ? errorText(join.error) : null} />
    </>
  );
}

function Summary({ a }: { a: Joined }) {
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState<string | null>(null);
  const payout = useMutation({
    mutationFn: () => api<{ payoutId: number; amountCents: number }>('POST', '/api/customer/affiliate/payouts'),
    onSuccess: async (p) => {
      setAsked(`Payout #${p.payoutId} of ${money(p.amountCents)} was sent to our billing department.`);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <section aria-labelledby="affiliate-commission">
      <h2 id="affiliate-commission">Commission</h2>
      <dl className="affiliate-figures">
        <div>
          <dt>Pending</dt>
          <dd>{money(a.pendingCents)}</dd>
        </div>
        <div>
          <dt>Approved, not yet paid out</dt>
          <dd>{money(a.approvedCents)}</dd>
        </div>
        <div>
          <dt>Visits through your link</dt>
          <dd>{a.clicks}</dd>
        </div>
      </dl>
      {asked ? <Notice>{asked}</Notice> : null}
      <button type="button" onClick={() => payout.mutate()} disabled={payout.isPending || a.approvedCents <= 0} aria-describedby="payout-help">
        Ask for a payout
      </button>{' '}
      <span id="payout-help" className="muted">
        {a.approvedCents > 0 ? `Pays out ${money(a.approvedCents)} of approved commission.` : 'Available once commission is approved.'}
      </span>
      <FormError error={payout.error ? errorText(payout.error) : null} />
    </section>
  );
}

/** One of the page's lists: its heading, a sentence when it is empty, else its table (named by its heading). */
function ListSection({ id, title, empty, columns, children }: { id: string; title: string; empty: string | null; columns: string[]; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty ? (
        <Notice>{empty}</Notice>
      ) : (
        <TableWrap label={title}>
          <table>
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

type Joined = NonNullable<AffiliateView['affiliate']>;

const Referrals = ({ a }: { a: Joined }) => (
  <ListSection id="affiliate-referrals" title="Referrals" empty={a.referrals.length ? null : 'No customer has come through your link yet.'} columns={['Customer', 'Came through your link', 'Purchases count until']}>
    {a.referrals.map((r) => (
      <tr key={r.id}>
        <th scope="row">{r.company}</th>
        <td>{day(r.clickedAt)}</td>
        <td>{day(r.windowEndsAt)}</td>
      </tr>
    ))}
  </ListSection>
);

const Orders = ({ a }: { a: Joined }) => (
  <ListSection id="affiliate-orders" title="Referred orders" empty={a.orders.length ? null : 'No referred customer has ordered yet.'} columns={['Order', 'Customer', 'Paid', 'Amount', 'Order status', 'Commission']}>
    {a.orders.map((o) => (
      <tr key={o.orderId}>
        <th scope="row">#{o.orderId}</th>
        <td>{o.company}</td>
        <td>{day(o.paidAt)}</td>
        <td className="amount">{money(o.amountCents)}</td>
        <td>{orderStatusLabel[o.orderStatus]}</td>
        <td>
          {commissionLabel[o.commission]}
          {o.commission !== 'none' ? `: ${money(o.commissionCents)}` : ''}
          {o.payoutId !== null ? <span className="muted"> (payout #{o.payoutId})</span> : null}
        </td>
      </tr>
    ))}
  </ListSection>
);

const Payouts = ({ a }: { a: Joined }) => (
  <ListSection id="affiliate-payouts" title="Payouts" empty={a.payouts.length ? null : 'You have not asked for a payout yet.'} columns={['Payout', 'Asked for', 'Amount', 'Status']}>
    {a.payouts.map((p) => (
      <tr key={p.id}>
        <th scope="row">#{p.id}</th>
        <td>{day(p.requestedAt)}</td>
        <td className="amount">{money(p.amountCents)}</td>
        <td>
          {payoutStatusLabel[p.status]}
          {p.decidedAt !== null ? ` ${day(p.decidedAt)}` : ''}
          {p.status === 'converted' && p.points !== null ? (
            <>
              : {p.points} points, see <Link href="~/accounting">Accounting</Link>
            </>
          ) : null}
          {p.status === 'rejected' && p.rejectReason !== null ? (
            <p className="payout-reason">
              Reason: {p.rejectReason} <span className="muted">(its commission is approved again: you may ask for it anew)</span>
            </p>
          ) : null}
        </td>
      </tr>
    ))}
  </ListSection>
);

export function AffiliatePage() {
  const { data, error, isPending } = useQuery({ queryKey: key, queryFn: () => api<AffiliateView>('GET', '/api/customer/affiliate') });
  const a = data?.affiliate;
  return (
    <Page title="Affiliate program">
      {isPending ? <Notice>Loading…</Notice> : null}
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {data && !a ? <Join settings={data.settings} /> : null}
      {data && a ? (
        <>
          <Terms settings={data.settings} />
          <section aria-labelledby="affiliate-link">
            <h2 id="affiliate-link">Your referral link</h2>
            <label className="affiliate-link-field">
              Referral link
              <input type="text" readOnly value={a.link} onFocus={(e) => e.currentTarget.select()} />
            </label>
            <p>
              Referral code: <code className="referral-code">{a.code}</code> <span className="muted">(member since {day(a.joinedAt)})</span>
            </p>
          </section>
          <Summary a={a} />
          <Referrals a={a} />
          <Orders a={a} />
          <Payouts a={a} />
        </>
      ) : null}
    </Page>
  );
}
