/**
 * Billing's affiliate payouts: those asked for, oldest first, then the latest decided. Billing
 * pays one (outside Switchboard) or converts it into support points on the affiliate's
 * account (a ledger entry). The list is read from the server (online only); decisions are
 * local actions pushed through the sync outbox, so a refusal arrives as a toast. Keyboard:
 * j/k move, p pay, c convert into points, Enter opens the account.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { payoutPoints, payoutStatusLabel, type PayoutRequest } from '../../shared/affiliates/affiliates';
import { formatMoney } from '../../shared/billing/orderItems';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { runTicketAction } from '../api/useTicketAction';
import { formatDateTime } from '../shell/timeText';
import { useUi } from '../shell/uiStore';
import { movedCursor, useScreenKeys } from '../staff/screenKeys';
import { ServerReadError } from '../staff/ServerReadError';

export function PayoutsScreen() {
  const list = useQuery({ queryKey: queryKey('payout.list'), queryFn: () => consoleClient().payout.list(), retry: false });
  const show = useUi((s) => s.show);
  const [cursor, setCursor] = useState(0);
  const payouts = list.data?.payouts ?? [];
  const pointCents = list.data?.pointCents ?? 100;
  const at = Math.min(cursor, Math.max(0, payouts.length - 1));
  const current = payouts[at];
  const pay = useCallback((p: PayoutRequest) => void runTicketAction('payout.pay', { payoutId: p.id }), []);
  const convert = useCallback((p: PayoutRequest) => void runTicketAction('payout.convert', { payoutId: p.id }), []);

  useScreenKeys(useCallback((key: string) => {
    const moved = movedCursor(key, at, payouts.length);
    if (moved !== null) setCursor(moved);
    else if (key === 'p' && current?.status === 'requested') pay(current);
    else if (key === 'c' && current?.status === 'requested') convert(current);
    else if (key === 'Enter' && current) show({ name: 'account', accountId: current.accountId });
    else return false;
    return true;
  }, [at, payouts.length, current, pay, convert, show]));

  const waiting = payouts.filter((p) => p.status === 'requested').length;
  return (
    <section className="payouts-screen" aria-labelledby="payouts-title">
      <header className="screen-header">
        <h1 id="payouts-title">Affiliate payouts <span className="count">{waiting} to decide</span></h1>
        <p className="muted">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>p</kbd> paid · <kbd>c</kbd> convert into support points ({formatMoney(pointCents)} a point) · <kbd>Enter</kbd> account
        </p>
      </header>
      {list.isPending ? (
        <p className="loading">Reading the payouts from the server…</p>
      ) : list.isError ? (
        <ServerReadError error={list.error} retry={() => void list.refetch()} />
      ) : payouts.length === 0 ? (
        <p className="muted">No affiliate has asked for a payout.</p>
      ) : (
        <table className="billing-table" aria-label="Affiliate payouts">
          <thead>
            <tr>
              <th scope="col">Payout</th>
              <th scope="col">Affiliate</th>
              <th scope="col">Amount</th>
              <th scope="col">Commissions</th>
              <th scope="col">Asked for</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {payouts.map((p, n) => (
              <tr key={p.id} aria-selected={n === at} className={n === at ? 'cursor' : ''} onClick={() => setCursor(n)}>
                <td>#{p.id}</td>
                <td>{p.company}</td>
                <td>{formatMoney(p.amountCents)}</td>
                <td>{p.commissions}</td>
                <td>{formatDateTime(p.requestedAt)}</td>
                <td>
                  {payoutStatusLabel[p.status]}
                  {p.points !== null ? `: ${p.points} points` : ''}
                  {p.decidedAt !== null ? ` · ${formatDateTime(p.decidedAt)}` : ''}
                </td>
                <td className="row-actions">
                  {p.status === 'requested' && (
                    <>
                      <button type="button" onClick={() => pay(p)}>Mark paid</button>
                      <button type="button" onClick={() => convert(p)}>Convert into {payoutPoints(p.amountCents, pointCents)} points</button>
                    </>
                  )}
                  <button type="button" onClick={() => show({ name: 'account', accountId: p.accountId })}>Account</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
