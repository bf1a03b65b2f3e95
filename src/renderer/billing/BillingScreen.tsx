/**
 * The billing manager's day: pending orders oldest first (age, payment state, the account's
 * history), transfer and URL-change requests, unpaid invoices, accounts with a negative
 * balance. Keyboard-first like the ticket queue: 1-5 switch lists, j/k move, v verifies or
 * approves, d rejects with a reason, Enter opens the account.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BillingQueue } from '../../shared/console/billingSchemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { runTicketAction } from '../api/useTicketAction';
import { formatSpan } from '../queue/turnaroundText';
import { formatDateTime } from '../shell/timeText';
import { useNow } from '../shell/useNow';
import { useUi } from '../shell/uiStore';
import { formatMoney, itemsText, paymentLabels } from './billingText';
import { ReasonDialog } from './ReasonDialog';
import { assertNever } from '../../shared/assertNever';

export const billingTabs = [
  { id: 'orders', label: 'Pending orders' },
  { id: 'transfers', label: 'Transfer requests' },
  { id: 'urlChanges', label: 'URL changes' },
  { id: 'invoices', label: 'Unpaid invoices' },
  { id: 'balances', label: 'Negative balances' },
] as const;
export type BillingTab = (typeof billingTabs)[number]['id'];

interface Row {
  key: string;
  accountId: number;
  /** Approve and reject, where the list has them. */
  approve?: () => void;
  reject?: { title: string; run(reason: string): void };
  cells: React.ReactNode[];
  pending: boolean;
}

const headers: Record<BillingTab, string[]> = {
  orders: ['Order', 'Account', 'Items', 'Amount', 'Payment', 'Age', 'Account history'],
  transfers: ['Request', 'License', 'From', 'To', 'Target URL', 'Points', 'Age'],
  urlChanges: ['Request', 'License', 'Account', 'Old URL', 'New URL', 'Age'],
  invoices: ['Invoice', 'Account', 'Description', 'Amount', 'Issued'],
  balances: ['Account', 'Points balance'],
};

function rowsOf(tab: BillingTab, q: BillingQueue, now: number): Row[] {
  const age = (at: number) => formatSpan(Math.max(0, now - at));
  switch (tab) {
    case 'orders':
      return q.orders.map((o) => ({
        key: `o${o.id}`, accountId: o.accountId, pending: o.pending,
        approve: () => void runTicketAction('order.verify', { orderId: o.id }),
        reject: { title: `Reject order #${o.id}`, run: (reason) => void runTicketAction('order.reject', { orderId: o.id, reason }) },
        cells: [`#${o.id}${o.status !== 'pending' ? ` (${o.status})` : ''}`, o.company, itemsText(o.items), o.amountCents === null ? '' : formatMoney(o.amountCents),
          paymentLabels[o.paymentState], age(o.createdAt), `${o.accountOrders.verified} verified, ${o.accountOrders.rejected} rejected · ${o.pointsBalance} points`],
      }));
    case 'transfers':
      return q.transfers.map((t) => ({
        key: `t${t.id}`, accountId: t.fromAccountId, pending: t.pending,
        approve: () => void runTicketAction('transfer.approve', { transferId: t.id }),
        reject: { title: `Reject transfer request #${t.id}`, run: (reason) => void runTicketAction('transfer.reject', { transferId: t.id, reason }) },
        cells: [`#${t.id}${t.status !== 'pending' ? ` (${t.status})` : ''}`, `${t.product} ${t.kind} ${t.licenseKey}`, t.fromCompany,
          t.toCompany ? `${t.toCompany} (existing customer)` : t.targetLicenseKey ? `license ${t.targetLicenseKey}` : `${t.targetCompany} <${t.targetEmail}> (new account)`,
          t.targetUrl, t.points > t.fromBalance ? `${t.points} (balance only ${t.fromBalance})` : String(t.points), age(t.createdAt)],
      }));
    case 'urlChanges':
      return q.urlChanges.map((u) => ({
        key: `u${u.id}`, accountId: u.accountId, pending: u.pending,
        approve: () => void runTicketAction('urlChange.approve', { requestId: u.id }),
        reject: { title: `Reject URL change #${u.id}`, run: (reason) => void runTicketAction('urlChange.reject', { requestId: u.id, reason }) },
        cells: [`#${u.id}${u.status !== 'pending' ? ` (${u.status})` : ''}`, `${u.product} ${u.licenseKey}`, u.company, u.oldUrl, u.newUrl, age(u.createdAt)],
      }));
    case 'invoices':
      return q.unpaidInvoices.map((i) => ({
        key: `i${i.id}`, accountId: i.accountId, pending: i.pending,
        cells: [`#${i.id}${i.status !== 'unpaid' ? ` (${i.status})` : ''}`, i.company, i.description, formatMoney(i.amountCents, i.currency), formatDateTime(i.issuedAt)],
      }));
    case 'balances':
      return q.negativeBalances.map((b) => ({ key: `b${b.accountId}`, accountId: b.accountId, pending: false, cells: [b.company, String(b.pointsBalance)] }));
    default:
      return assertNever(tab, 'billing tab');
  }
}

export function BillingScreen() {
  const queue = useQuery({ queryKey: queryKey('billing.queue'), queryFn: () => consoleClient().billing.queue() });
  const now = useNow();
  const [tab, setTab] = useState<BillingTab>('orders');
  const [cursor, setCursor] = useState(0);
  const [rejecting, setRejecting] = useState<Row['reject'] | null>(null);
  const show = useUi((s) => s.show);
  // The list takes the keyboard when the screen opens (not the sidebar button that opened it, where Enter would click again).
  const listRef = useRef<HTMLTableElement>(null);
  const listShown = !!queue.data;
  useEffect(() => {
    if (listShown) listRef.current?.focus();
  }, [listShown, tab]);
  const rows = queue.data ? rowsOf(tab, queue.data, now) : [];
  const at = Math.min(cursor, Math.max(0, rows.length - 1));
  const current = rows[at];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (rejecting || e.ctrlKey || e.metaKey || e.altKey || (t && (t.closest('input, textarea, select, [role="dialog"]') || t.isContentEditable))) return;
      const n = Number(e.key);
      if (Number.isInteger(n) && n >= 1 && n <= billingTabs.length) {
        setTab(billingTabs[n - 1]!.id);
        setCursor(0);
      } else if (e.key === 'j') setCursor(Math.min(at + 1, rows.length - 1));
      else if (e.key === 'k') setCursor(Math.max(at - 1, 0));
      else if (e.key === 'v' && current?.approve) current.approve();
      else if (e.key === 'd' && current?.reject) setRejecting(current.reject);
      else if (e.key === 'Enter' && current && !(t && t.closest('button'))) show({ name: 'account', accountId: current.accountId });
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at, rows, current, rejecting, show]);

  const counts: Record<BillingTab, number> = {
    orders: queue.data?.orders.length ?? 0, transfers: queue.data?.transfers.length ?? 0, urlChanges: queue.data?.urlChanges.length ?? 0,
    invoices: queue.data?.unpaidInvoices.length ?? 0, balances: queue.data?.negativeBalances.length ?? 0,
  };
  return (
    <section className="billing" aria-labelledby="billing-title">
      <header className="screen-header">
        <h1 id="billing-title">Billing</h1>
        <p className="muted">
          <kbd>1</kbd>–<kbd>5</kbd> lists · <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>v</kbd> verify or approve · <kbd>d</kbd> reject · <kbd>Enter</kbd> account
        </p>
      </header>
      <div role="tablist" aria-label="Billing lists" className="tabs">
        {billingTabs.map((b, i) => (
          // The name says the list and how many wait ("Orders, 3 waiting"); the key is a hint apart, not part of the name.
          <button key={b.id} type="button" role="tab" aria-selected={tab === b.id} aria-keyshortcuts={String(i + 1)} onClick={() => (setTab(b.id), setCursor(0))}>
            <span className="tab-label">{b.label}</span>
            <span className="count">
              {counts[b.id]}
              <span className="visually-hidden"> waiting</span>
            </span>
            <kbd className="tab-key" aria-hidden="true" title={`Press ${i + 1}`}>
              {i + 1}
            </kbd>
          </button>
        ))}
      </div>
      {queue.isPending ? (
        <p className="loading">Loading…</p>
      ) : queue.isError ? (
        <p role="alert">{queue.error.message}</p>
      ) : rows.length === 0 ? (
        <p className="muted">Nothing waiting here.</p>
      ) : (
        <table ref={listRef} tabIndex={0} className="billing-table" aria-label={billingTabs.find((b) => b.id === tab)!.label}>
          <thead>
            <tr>
              {headers[tab].map((h) => (
                <th key={h} scope="col">{h}</th>
              ))}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key} aria-selected={i === at} className={`${i === at ? 'cursor' : ''} ${r.pending ? 'pending' : ''}`} onClick={() => setCursor(i)}>
                {r.cells.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
                <td className="row-actions">
                  {r.pending && <span className="badge pending-badge">pending sync</span>}
                  {r.approve && (
                    <button type="button" onClick={r.approve}>
                      {tab === 'orders' ? 'Verify' : 'Approve'}
                    </button>
                  )}
                  {r.reject && (
                    <button type="button" onClick={() => setRejecting(r.reject!)}>
                      Reject…
                    </button>
                  )}
                  <button type="button" onClick={() => show({ name: 'account', accountId: r.accountId })}>
                    Account
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rejecting && (
        <ReasonDialog
          title={rejecting.title}
          onClose={() => setRejecting(null)}
          onSubmit={(reason) => {
            rejecting.run(reason);
            setRejecting(null);
          }}
        />
      )}
    </section>
  );
}
