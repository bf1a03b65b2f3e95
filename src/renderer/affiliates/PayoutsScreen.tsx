/**
 * Billing's affiliate payouts: those asked for, oldest first, then the latest decided. Billing
 * pays one (outside Switchboard), converts it into support points on the affiliate's
 * account (a ledger entry), or rejects it with a reason the affiliate reads (its commission
 * goes back to the affiliate's approved balance). The list is read from the server (online
 * only); decisions are local actions pushed through the sync outbox, so a refusal arrives as
 * a toast; a key on a payout decided already is refused here by the rule the server decides
 * by. Keyboard: j/k move, p pay, c convert into points, r reject, Enter opens the account.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { decidePayout, payoutPoints, payoutStatusLabel, type PayoutAction, type PayoutRequest } from '../../shared/affiliates/affiliates';
import { actionLabels } from '../../shared/console/actionLabels';
import { formatMoney } from '../../shared/billing/orderItems';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { runTicketAction } from '../api/useTicketAction';
import { formatDateTime } from '../shell/timeText';
import { useUi } from '../shell/uiStore';
import { movedCursor, useScreenKeys } from '../staff/screenKeys';
import { ServerReadError } from '../staff/ServerReadError';
import { ReasonDialog } from '../billing/ReasonDialog';

const mutationOf = { pay: 'payout.pay', convert: 'payout.convert', reject: 'payout.reject' } as const;

export function PayoutsScreen() {
  const list = useQuery({ queryKey: queryKey('payout.list'), queryFn: () => consoleClient().payout.list(), retry: false });
  const show = useUi((s) => s.show);
  const [cursor, setCursor] = useState(0);
  const payouts = list.data?.payouts ?? [];
  const pointCents = list.data?.pointCents ?? 100;
  const at = Math.min(cursor, Math.max(0, payouts.length - 1));
  const current = payouts[at];
  const [rejecting, setRejecting] = useState<PayoutRequest | null>(null);
  /** A decision on `p`: refused at once (as the server would) when it is decided already; a rejection asks for its reason first. */
  const decide = useCallback((p: PayoutRequest, action: PayoutAction) => {
    const d = decidePayout(p, action);
    if (!d.ok) return useUi.getState().notify({ kind: 'error', title: `${actionLabels[mutationOf[action]]} refused`, body: d.reason });
    if (!d.next) return;
    if (action === 'reject') setRejecting(p);
    else void runTicketAction(mutationOf[action], { payoutId: p.id });
  }, []);

  useScreenKeys(useCallback((key: string) => {
    const moved = movedCursor(key, at, payouts.length);
    if (moved !== null) setCursor(moved);
    else if (key === 'p' && current) decide(current, 'pay');
    else if (key === 'c' && current) decide(current, 'convert');
    else if (key === 'r' && current) decide(current, 'reject');
    else if (key === 'Enter' && current) show({ name: 'account', accountId: current.accountId });
    else return false;
    return true;
  }, [at, payouts.length, current, decide, show]));

  const waiting = payouts.filter((p) => p.status === 'requested').length;
  return (
    <section className="payouts-screen" aria-labelledby="payouts-title">
      <header className="screen-header">
        <h1 id="payouts-title">Affiliate payouts <span className="count">{waiting} to decide</span></h1>
        <p className="muted">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>p</kbd> paid · <kbd>c</kbd> convert into support points ({formatMoney(pointCents)} a point) · <kbd>r</kbd> reject with a reason · <kbd>Enter</kbd> account
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
                  {p.rejectReason !== null && <span className="reject-reason">: {p.rejectReason}</span>}
                </td>
                <td className="row-actions">
                  {p.status === 'requested' && (
                    <>
                      <button type="button" onClick={() => decide(p, 'pay')}>Mark paid</button>
                      <button type="button" onClick={() => decide(p, 'convert')}>Convert into {payoutPoints(p.amountCents, pointCents)} points</button>
                      <button type="button" onClick={() => decide(p, 'reject')}>Reject…</button>
                    </>
                  )}
                  <button type="button" onClick={() => show({ name: 'account', accountId: p.accountId })}>Account</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rejecting && (
        <ReasonDialog
          title={`Reject payout #${rejecting.id} (${formatMoney(rejecting.amountCents)}, ${rejecting.company})`}
          onClose={() => setRejecting(null)}
          onSubmit={(reason) => {
            void runTicketAction('payout.reject', { payoutId: rejecting.id, reason });
            setRejecting(null);
          }}
        />
      )}
    </section>
  );
}
