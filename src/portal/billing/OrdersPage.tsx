/**
 * Orders (help page "Invoices"/"Orders": once you purchase something it shows here): each
 * order with its items, the invoice it came from, its dates and its status: pending (waiting
 * for verification by our billing department), verified, or rejected with the reason.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Order } from '../../shared/api/billing';
import { describeItem } from '../../shared/billing/orderItems';
import { api, errorText } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';
import './billing.css';

const day = (ms: number) => new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

const statusLabel: Record<Order['status'], string> = { pending: 'Pending', verified: 'Verified', rejected: 'Rejected' };

function OrderCard({ order }: { order: Order }) {
  const headingId = `order-${order.id}`;
  return (
    <li className="order">
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>
          Order #{order.id} <span className={`badge badge-${order.status}`}>{statusLabel[order.status]}</span>
        </h2>
        <ul aria-label="Items">
          {order.items.map((item, i) => (
            <li key={i}>{describeItem(item)}</li>
          ))}
        </ul>
        <p className="muted">
          Ordered {day(order.createdAt)}
          {order.invoiceId !== null ? (
            <>
              {' '}
              from <Link href="~/invoices">invoice #{order.invoiceId}</Link>
            </>
          ) : null}
          {order.decidedAt !== null ? ` · ${order.status} ${day(order.decidedAt)}` : ''}
        </p>
        {order.status === 'pending' ? <p>Waiting for verification by our billing department, usually within one business day.</p> : null}
        {order.status === 'verified' ? <p>Verified: licenses in it are active and support points credited.</p> : null}
        {order.status === 'rejected' ? (
          <p className="reject-reason">
            Rejected. Reason: {order.rejectReason ?? 'not given'}. If you have questions, please open a sales ticket in the{' '}
            <Link href="~/tickets/new">Communication center</Link>.
          </p>
        ) : null}
      </article>
    </li>
  );
}

export function OrdersPage() {
  const { data, error, isPending } = useQuery({ queryKey: ['customer', 'orders'], queryFn: () => api<{ orders: Order[] }>('GET', '/api/customer/orders') });
  return (
    <Page title="Orders">
      <p>
        What you purchased: a paid invoice becomes an order, which our billing department verifies. Invoices still to pay are in <Link href="~/invoices">Invoices</Link>.
      </p>
      {isPending ? <Notice>Loading orders…</Notice> : null}
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      {data && !data.orders.length ? <Notice>You have no orders yet.</Notice> : null}
      {data?.orders.length ? (
        <ul className="order-list" aria-label="Orders">
          {data.orders.map((o) => (
            <OrderCard key={o.id} order={o} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
