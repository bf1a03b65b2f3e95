/**
 * Accounting: the support points balance, and the ledger it is the sum of (DOMAIN.md
 * "Accounts"): every purchase, ticket charge, transfer in or out with a license and billing
 * adjustment, newest first, a page of 50 at a time (?page=N, its own URL). A negative balance
 * is explained.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'wouter';
import type { z } from 'zod';
import type { LedgerEntry, LedgerPage } from '../../shared/api/billing';
import type { LedgerKind } from '../../shared/domain/model';
import { api, errorText } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';
import '../billing/billing.css';
import { TableWrap } from '../shell/TableWrap';

const when = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
const pointsWord = (n: number) => (Math.abs(n) === 1 ? 'point' : 'points');

const kindWords: Record<LedgerKind, string> = {
  purchase: 'Purchase',
  ticket_charge: 'Ticket charge',
  transfer_in: 'Transfer in',
  transfer_out: 'Transfer out',
  adjustment: 'Adjustment',
  affiliate_payout: 'Affiliate payout',
};

function Kind({ e }: { e: LedgerEntry }) {
  return (
    <>
      {kindWords[e.kind]}
      {e.kind === 'ticket_charge' && e.ticketNumber !== null ? (
        <>
          {' '}
          for <Link href={`/tickets/${e.ticketNumber}`}>ticket #{e.ticketNumber}</Link>
        </>
      ) : null}
      {(e.kind === 'transfer_in' || e.kind === 'transfer_out') && e.licenseKey ? (
        <>
          {' '}
          with license <span className="license-key">{e.licenseKey}</span>
        </>
      ) : null}
      {e.kind === 'purchase' && e.orderId !== null ? (
        <>
          {' '}
          (<Link href="/orders">order #{e.orderId}</Link>)
        </>
      ) : null}
    </>
  );
}

export function AccountingPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const { data, error, isPending } = useQuery({
    queryKey: ['customer', 'ledger', page],
    queryFn: () => api<z.infer<typeof LedgerPage>>('GET', `/api/customer/ledger?page=${page}`),
    placeholderData: keepPreviousData,
  });
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const go = (p: number) => setParams(p === 1 ? {} : { page: String(p) });
  return (
    <Page title="Accounting">
      {isPending ? <Notice>Loading your support points…</Notice> : null}
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {data ? (
        <>
          <p className={`balance${data.balance < 0 ? ' negative' : ''}`}>
            Support points balance: <strong>{data.balance}</strong> {pointsWord(data.balance)}
          </p>
          {data.balance < 0 ? (
            <Notice tone="warning">
              Your balance is negative: paid tickets were charged {-data.balance} {pointsWord(data.balance)} more than the account held (a ticket is charged when it
              closes, even when the balance does not cover it). The next support points you buy cover the difference first; our billing department may contact you
              about it in the <Link href="/tickets">Communication center</Link>.
            </Notice>
          ) : null}
          <p>The balance is the sum of the entries below: every purchase, ticket charge, transfer of points with a license and adjustment by our billing department.</p>
          <h2>Ledger</h2>
          {data.entries.length ? (
            <TableWrap label="Support points ledger">
              <table>
                <caption className="sr-only">Support points ledger, newest first{pages > 1 ? `, page ${data.page} of ${pages}` : ''}</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Kind</th>
                    <th scope="col" className="points">
                      Points
                    </th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.id}>
                      <td>{when(e.createdAt)}</td>
                      <td>
                        <Kind e={e} />
                      </td>
                      <td className={`points ${e.points < 0 ? 'minus' : 'plus'}`}>{signed(e.points)}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <Notice>{data.total ? 'There are no entries on this page.' : 'No support points have been bought or charged yet.'}</Notice>
          )}
          {pages > 1 ? (
            <nav className="pager" aria-label="Ledger pages">
              <button type="button" onClick={() => go(data.page - 1)} disabled={data.page <= 1}>
                Newer entries
              </button>
              <span>
                Page {data.page} of {pages}
              </span>
              <button type="button" onClick={() => go(data.page + 1)} disabled={data.page >= pages}>
                Older entries
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
