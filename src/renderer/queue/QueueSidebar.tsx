/**
 * The queue views of DOMAIN.md with their live counts, and the other screens (billing for
 * billing managers, one entry with the Billing department's queue under it; team,
 * departments, audit and settings for admins).
 */
import { adminScreens } from '../shell/paletteCommands';
import { useQuery } from '@tanstack/react-query';
import { mayTakeAction } from '../../shared/tickets/permissions';
import { callOperation, consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useMe, useViews } from '../api/reads';
import { rootScreen, useUi } from '../shell/uiStore';

/** Pending orders and requests waiting for billing. */
function BillingCount() {
  const queue = useQuery({ queryKey: queryKey('billing.queue'), queryFn: () => consoleClient().billing.queue() });
  const n = queue.data ? queue.data.orders.length + queue.data.transfers.length + queue.data.urlChanges.length : 0;
  return (
    <span className="count" aria-label={`${n} waiting`}>
      {n}
    </span>
  );
}

/** Held mail waiting for a dispatcher: the Held mail screen's own read, kept live by the server's `held-mail` events. */
function HeldMailCount() {
  const list = useQuery({ queryKey: queryKey('heldMail.list'), queryFn: () => callOperation('heldMail.list', {}) });
  const n = list.data?.heldMails.length ?? 0;
  return (
    <span className="count" aria-label={`${n} held mail waiting`}>
      {n}
    </span>
  );
}

export function QueueSidebar({ current }: { current: string | null }) {
  const views = useViews();
  const role = useMe().role;
  const mayBill = mayTakeAction(role, 'verify_orders');
  // On a ticket or an account page, the entry it was opened from stays highlighted.
  const screen = useUi((s) => rootScreen(s).name);
  const chooseView = useUi((s) => s.chooseView);
  const show = useUi((s) => s.show);
  // One "Billing" for billing managers: the billing screen, with the Billing department's queue under it.
  const billingQueue = mayBill ? views.data?.find((v) => v.id.startsWith('department:') && v.label.toLowerCase() === 'billing') : undefined;
  const listed = views.data?.filter((v) => v !== billingQueue);
  return (
    <nav className="sidebar" aria-label="Queues">
      <ul>
        {listed?.map((v) => (
          <li key={v.id}>
            <button type="button" aria-current={screen === 'queue' && v.id === current ? 'page' : undefined} onClick={() => chooseView(v.id)}>
              <span>{v.label}</span> <span className="count" aria-label={`${v.count} tickets`}>{v.count}</span>
            </button>
          </li>
        ))}
      </ul>
      <ul className="sidebar-screens">
        <li>
          <button type="button" aria-current={screen === 'search' ? 'page' : undefined} onClick={() => show({ name: 'search' })}>
            Search <kbd>/</kbd>
          </button>
        </li>
        <li>
          <button type="button" aria-current={screen === 'dashboard' ? 'page' : undefined} onClick={() => show({ name: 'dashboard' })}>
            Dashboard
          </button>
        </li>
        <li>
          <button type="button" aria-current={screen === 'files' ? 'page' : undefined} onClick={() => show({ name: 'files' })}>
            File area
          </button>
        </li>
        <li>
          <button type="button" aria-current={screen === 'forum' ? 'page' : undefined} onClick={() => show({ name: 'forum' })}>
            Forum
          </button>
        </li>
        {mayTakeAction(role, 'handle_held_mail') && (
          <li>
            <button type="button" aria-current={screen === 'heldMail' ? 'page' : undefined} onClick={() => show({ name: 'heldMail' })}>
              <span>Held mail</span> <HeldMailCount />
            </button>
          </li>
        )}
        {mayBill && (
          <li>
            <button type="button" aria-current={screen === 'billing' ? 'page' : undefined} onClick={() => show({ name: 'billing' })}>
              <span>Billing</span> <BillingCount />
            </button>
            {billingQueue && (
              <button
                type="button"
                className="sub-item"
                aria-current={screen === 'queue' && billingQueue.id === current ? 'page' : undefined}
                onClick={() => chooseView(billingQueue.id)}
              >
                <span>Tickets in Billing</span> <span className="count" aria-label={`${billingQueue.count} tickets`}>{billingQueue.count}</span>
              </button>
            )}
            {mayTakeAction(role, 'decide_payouts') && (
              <button type="button" className="sub-item" aria-current={screen === 'payouts' ? 'page' : undefined} onClick={() => show({ name: 'payouts' })}>
                Affiliate payouts
              </button>
            )}
          </li>
        )}
        {role === 'staff.admin' &&
          adminScreens.map((a) => (
            <li key={a.name}>
              <button type="button" aria-current={screen === a.name ? 'page' : undefined} onClick={() => show({ name: a.name })}>
                {a.label}
              </button>
            </li>
          ))}
      </ul>
    </nav>
  );
}
