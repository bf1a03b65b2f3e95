/**
 * An account as billing sees it: balance (flagged when negative), licenses with their
 * add-ons, status, URL, version and certificate, transfer and URL-change requests, orders,
 * invoices, and the points ledger with adjustments.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { mayTakeAction } from '../../shared/tickets/permissions';
import { callOperation, consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useAccountPage, useMe } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { formatMoney, itemsText, paymentLabels } from '../billing/billingText';
import { ReasonDialog } from '../billing/ReasonDialog';
import { formatDate, formatDateTime } from '../shell/timeText';
import { LedgerLine } from '../customer/LedgerLine';
import { LedgerAdjustForm } from './LedgerAdjustForm';
import { LicenseHistory } from './LicenseHistory';
import { AccountFileArea } from '../files/AccountFileArea';
import { BackButton } from '../shell/BackButton';

export function AccountScreen({ accountId }: { accountId: number }) {
  const page = useAccountPage(accountId);
  const me = useMe();
  const holdsBilling = mayTakeAction(me.role, 'verify_orders') || mayTakeAction(me.role, 'adjust_points');
  const billing = useQuery({
    queryKey: queryKey('billing.account', { accountId }),
    queryFn: () => consoleClient().billing.account({ accountId }),
    enabled: holdsBilling,
  });
  // Other staff do not cache ledgers or certificates: the server gives them to the staff of one of the account's tickets.
  const privateData = useQuery({
    queryKey: queryKey('account.privateData', { accountId }),
    queryFn: () => callOperation('account.privateData', { accountId }),
    enabled: !holdsBilling,
    retry: false,
  });
  const [certificateOf, setCertificateOf] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<number | null>(null);
  const [historyOf, setHistoryOf] = useState<number | null>(null);
  const mayVerify = mayTakeAction(me.role, 'verify_orders');
  if (page.isPending) return <p className="loading">Loading the account…</p>;
  if (page.isError) return <p role="alert">{page.error.message}</p>;
  const { account, licenses } = page.data;
  const b = billing.data;
  const ledger = holdsBilling ? page.data.ledger : (privateData.data?.ledger ?? []);
  const certificates = (holdsBilling ? b?.certificates : privateData.data?.certificates) ?? {};
  const mains = licenses.filter((l) => l.parentLicenseId === null || !licenses.some((m) => m.id === l.parentLicenseId));
  const addonsOf = (id: number) => licenses.filter((l) => l.parentLicenseId === id);
  const licenseLine = (l: (typeof licenses)[number]) => (
    <>
      <strong>{l.product}</strong> {l.edition ?? ''} {l.productVersion ?? ''} <span className={`badge license-${l.status}`}>{l.status.replace('_', ' ')}</span>{' '}
      <span className="muted">
        {l.kind} · {l.key}
        {l.url ? ` · ${l.url}` : ''}
      </span>{' '}
      {certificates[String(l.id)] && (
        <button type="button" className="link-button" aria-expanded={certificateOf === l.id} onClick={() => setCertificateOf(certificateOf === l.id ? null : l.id)}>
          Certificate
        </button>
      )}
      {b && (
        <button type="button" className="link-button" aria-expanded={historyOf === l.id} onClick={() => setHistoryOf(historyOf === l.id ? null : l.id)}>
          History
        </button>
      )}
      {certificateOf === l.id && <pre className="certificate">{certificates[String(l.id)]}</pre>}
      {historyOf === l.id && b && <LicenseHistory events={b.licenseHistory.filter((e) => e.licenseId === l.id)} />}
    </>
  );

  return (
    <section className="account-screen" aria-labelledby="account-title">
      <header className="screen-header account-header">
        <BackButton />
        <h1 id="account-title">{account.company}</h1>
        <p>
          {account.contactEmail} · customer since {account.createdAt === null ? '?' : formatDate(account.createdAt)} ·{' '}
          <span className={`points ${account.pointsBalance < 0 ? 'negative' : ''}`}>
            {account.pointsBalance} support points{account.pointsBalance < 0 && ' (negative balance)'}
          </span>
        </p>
      </header>

      <h2>Licenses</h2>
      {mains.length === 0 ? (
        <p className="muted">No licenses.</p>
      ) : (
        <ul className="plain licenses">
          {mains.map((l) => (
            <li key={l.id}>
              {licenseLine(l)}
              {addonsOf(l.id).length > 0 && (
                <ul className="plain addons" aria-label={`Add-ons and skins of ${l.key}`}>
                  {addonsOf(l.id).map((a) => (
                    <li key={a.id}>{licenseLine(a)}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}

      {b && (
        <>
          <h2>Transfer and URL-change requests</h2>
          {b.transfers.length + b.urlChanges.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="plain requests">
              {b.transfers.map((t) => (
                <li key={`t${t.id}`}>
                  Transfer #{t.id} of {t.product} {t.licenseKey}: {t.fromCompany} → {t.toCompany ?? t.targetCompany} · {t.points} points ·{' '}
                  <span className={`badge request-${t.status}`}>{t.status}</span> {t.reason && <span className="muted">({t.reason})</span>} ·{' '}
                  {formatDate(t.createdAt)}
                </li>
              ))}
              {b.urlChanges.map((u) => (
                <li key={`u${u.id}`}>
                  URL change #{u.id} of {u.licenseKey}: {u.oldUrl} → {u.newUrl} · <span className={`badge request-${u.status}`}>{u.status}</span>{' '}
                  {u.reason && <span className="muted">({u.reason})</span>} · {formatDate(u.createdAt)}
                </li>
              ))}
            </ul>
          )}

          <h2>Orders</h2>
          {b.orders.length === 0 ? (
            <p className="muted">No orders.</p>
          ) : (
            <table className="billing-table" aria-label="Orders">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Items</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Status</th>
                  <th scope="col">Placed</th>
                  {mayVerify && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {b.orders.map((o) => (
                  <tr key={o.id} className={o.pending ? 'pending' : undefined}>
                    <td>#{o.id}</td>
                    <td>{itemsText(o.items)}</td>
                    <td>{o.amountCents === null ? '' : formatMoney(o.amountCents)}</td>
                    <td>{paymentLabels[o.paymentState]}</td>
                    <td>
                      {o.status}
                      {o.rejectReason && <span className="muted"> ({o.rejectReason})</span>}
                    </td>
                    <td>{formatDateTime(o.createdAt)}</td>
                    {mayVerify && (
                      <td className="row-actions">
                        {o.status === 'pending' && (
                          <>
                            <button type="button" onClick={() => void runTicketAction('order.verify', { orderId: o.id })}>
                              Verify order #{o.id}
                            </button>
                            <button type="button" onClick={() => setRejecting(o.id)}>
                              Reject…
                            </button>
                          </>
                        )}
                        {o.pending && <span className="badge pending-badge">pending sync</span>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Invoices</h2>
          {b.invoices.length === 0 ? (
            <p className="muted">No invoices.</p>
          ) : (
            <ul className="plain invoices">
              {b.invoices.map((i) => (
                <li key={i.id} className={i.pending ? 'pending' : undefined}>
                  Invoice #{i.id}: {i.description} · {formatMoney(i.amountCents, i.currency)} · {i.status} · issued {formatDate(i.issuedAt)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      {rejecting !== null && (
        <ReasonDialog
          title={`Reject order #${rejecting}`}
          onClose={() => setRejecting(null)}
          onSubmit={(reason) => {
            void runTicketAction('order.reject', { orderId: rejecting, reason });
            setRejecting(null);
          }}
        />
      )}

      <h2>Points ledger</h2>
      {mayTakeAction(me.role, 'adjust_points') && <LedgerAdjustForm accountId={accountId} />}
      {privateData.isError ? (
        <p className="muted">The ledger and certificates are not shown here: {privateData.error.message}</p>
      ) : ledger.length === 0 ? (
        <p className="muted">No entries.</p>
      ) : (
        <ul className="plain ledger">
          {ledger.map((e) => (
            <li key={e.id} className={e.id < 0 ? 'pending' : undefined}>
              <LedgerLine entry={e} />
              {e.id < 0 && <span className="badge pending-badge">pending sync</span>}
            </li>
          ))}
        </ul>
      )}

      <AccountFileArea accountId={accountId} />
    </section>
  );
}
