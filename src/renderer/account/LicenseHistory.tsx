/** A license's history in words, oldest first: what happened, when, and the detail that matters. */
import type { AccountBilling } from '../../shared/console/billingSchemas';
import { formatDateTime } from '../shell/timeText';

type Event = AccountBilling['licenseHistory'][number];

const labels: Record<string, string> = {
  issued: 'Issued',
  ordered: 'Ordered',
  activated: 'Activated (order verified)',
  transfer_requested: 'Transfer requested',
  transfer_rejected: 'Transfer rejected',
  transferred: 'Transferred away',
  transferred_in: 'Transferred in, waiting for the signature',
  accepted: 'Accepted (agreement signed)',
  reassigned: 'Registered to another license of the owner',
  url_changed: 'URL changed, certificate reissued',
  revoked: 'Revoked',
};

/** The one detail worth a glance for each kind of event. */
export function eventDetail(e: Event): string {
  const d = e.details;
  const text = (k: string) => (typeof d[k] === 'string' || typeof d[k] === 'number' ? String(d[k]) : null);
  if (e.event === 'url_changed' && text('oldUrl') && text('newUrl')) return `${text('oldUrl')} → ${text('newUrl')}`;
  if (e.event === 'accepted' && text('signature')) return `signed ${text('signature')}`;
  if (text('reason')) return text('reason')!;
  if (text('orderId')) return `order #${text('orderId')}`;
  if (text('transferId')) return `transfer #${text('transferId')}`;
  return '';
}

export function LicenseHistory({ events }: { events: Event[] }) {
  if (events.length === 0) return <p className="muted">No history recorded.</p>;
  return (
    <ol className="license-history">
      {events.map((e) => {
        const detail = eventDetail(e);
        return (
          <li key={e.id}>
            <span className="muted">{formatDateTime(e.at)}</span> {labels[e.event] ?? e.event.replace(/_/g, ' ')}
            {detail && <span className="muted"> · {detail}</span>}
          </li>
        );
      })}
    </ol>
  );
}
