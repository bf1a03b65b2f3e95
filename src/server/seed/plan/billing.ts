/** Orders, invoices and support points: what each account bought and paid. */
import type { AccountPlan, InvoicePlan, OrderPlan } from '../plans';
import type { Rng } from '../random';
import type { SeedState } from '../seedState';
import { DAY, HOUR, MIN, historyDays } from '../units';
import { hostingPlans, pointPackages } from '../vocabulary/products';

export function addOrder(state: SeedState, r: Rng, a: AccountPlan, items: unknown[], amountCents: number, description: string, createdAt: number, status: OrderPlan['status'], decidedAt: number | null): OrderPlan {
  const invoice: InvoicePlan = {
    id: state.nextId.invoices++, accountId: a.id, description, amountCents, items, status: 'paid',
    providerRef: `2CO-${state.seed}-${state.nextId.invoices}`, issuedAt: createdAt - Math.round(r.range(MIN, 20 * MIN)), paidAt: createdAt,
  };
  state.invoices.push(invoice);
  const order: OrderPlan = {
    id: state.nextId.orders++, accountId: a.id, invoiceId: invoice.id, items, status, createdAt, decidedAt,
    rejectReason: status === 'rejected' ? r.pick(['The payment could not be verified: the card holder name does not match.', 'Duplicate order; the first one has been verified.', 'The fraud check failed; please contact billing.']) : null,
    decidedBy: decidedAt === null ? null : r.pick(state.staff.billing).id,
  };
  state.orders.push(order);
  return order;
}

export function planBilling(state: SeedState): void {
  const r = state.rng('billing');
  for (const a of state.accounts) {
    // Licenses state account bought: one order each, verified when the license was.
    for (const l of a.licenses) {
      if (!l.ordered) continue;
      const item = { type: l.kind === 'main' ? 'license' : l.kind, product: l.product, edition: l.edition, licenseId: l.id, priceCents: l.priceCents };
      const what = l.kind === 'main' ? `${l.product} ${l.edition} license` : `${l.product} ${l.kind === 'addon' ? 'add-on' : 'skin'} ${l.edition}`;
      if (l.status === 'pending') addOrder(state, r, a, [item], l.priceCents, what, l.createdAt, 'pending', null);
      else {
        const order = addOrder(state, r, a, [item], l.priceCents, what, l.createdAt, 'verified', l.verifiedAt);
        state.history.push({ licenseId: l.id, event: 'activated', from: null, to: a.id, details: { orderId: order.id }, actor: order.decidedBy, at: l.verifiedAt! });
      }
    }

    // Support points: enough packages to cover the tickets, for most accounts.
    if (a.licenses.every((l) => l.status === 'pending')) continue;
    const covered = a.demo ? 75 : Math.ceil(a.charges * (r.chance(0.9) ? r.range(1, 1.6) : r.range(0.4, 0.9))) + (r.chance(0.6) ? r.int(0, 30) : 0);
    const packs: Array<readonly [number, number]> = a.demo ? [pointPackages[2]!, pointPackages[1]!] : [];
    let bought = packs.reduce((sum, [points]) => sum + points, 0);
    while (bought < covered) {
      const need = covered - bought;
      const pack = pointPackages.filter(([pts]) => pts <= Math.max(10, need * 1.2));
      const chosen = r.pick(pack.length ? pack : pointPackages);
      packs.push(chosen);
      bought += chosen[0];
    }
    const start = Math.max(a.createdAt, state.since - 60 * DAY);
    packs.forEach(([points, price], i) => {
      const at = i === 0 ? a.createdAt + Math.round(r.range(HOUR, 3 * DAY)) : start + Math.round(r.range(0, Math.max(DAY, state.now - 2 * DAY - start)));
      const decided = Math.min(state.now - HOUR, at + Math.round(r.logRange(30 * MIN, 26 * HOUR)));
      const item = { type: 'support_points', points, priceCents: price };
      const rejected = !a.demo && r.chance(0.02);
      const order = addOrder(state, r, a, [item], price, `Support points: ${points} points package`, at, rejected ? 'rejected' : 'verified', decided);
      if (!rejected) state.ledger.push({ accountId: a.id, kind: 'purchase', points, reason: `${points} support points package (order #${order.id})`, ticketId: null, licenseId: null, orderId: order.id, createdBy: order.decidedBy, createdAt: decided });
    });

    if (!a.demo && r.chance(0.01)) {
      const plan = r.pick(hostingPlans);
      const at = state.now - Math.round(r.range(10, historyDays) * DAY);
      addOrder(state, r, a, [{ type: 'hosting', plan, months: 12, priceCents: 24000 }], 24000, `Hosting plan: ${plan}, 12 months`, at, 'verified', at + Math.round(r.range(HOUR, 20 * HOUR)));
    }
    if (!a.demo && r.chance(0.02)) {
      const at = state.now - Math.round(r.range(5, historyDays) * DAY);
      addOrder(state, r, a, [{ type: 'service', name: 'Installation service', priceCents: 9900 }], 9900, 'Installation service', at, 'verified', at + Math.round(r.range(HOUR, 20 * HOUR)));
    }

    // Invoices staff issued that wait for payment (or were withdrawn).
    if (a.demo || r.chance(0.04)) {
      const [description, amount, items] = a.demo
        ? ['Hosting plan renewal: Business (20 GB), 12 months', 24000, [{ type: 'hosting', plan: 'Business (20 GB)', months: 12, priceCents: 24000 }]] as const
        : r.pick([
          ['Custom development: shipping module', 60000, [{ type: 'service', name: 'Custom shipping module', hours: 10, priceCents: 60000 }]],
          ['Upgrade service to the current version', 19900, [{ type: 'service', name: 'Upgrade service', priceCents: 19900 }]],
          ['Support points: 50 points package', 27500, [{ type: 'support_points', points: 50, priceCents: 27500 }]],
          ['Edition upgrade: Gold to Pro', 30000, [{ type: 'license_upgrade', from: 'Gold', to: 'Pro', priceCents: 30000 }]],
          ['Hosting plan renewal, 12 months', 24000, [{ type: 'hosting', plan: 'Business (20 GB)', months: 12, priceCents: 24000 }]],
        ] as const);
      const cancelled = !a.demo && r.chance(0.2);
      state.invoices.push({
        id: state.nextId.invoices++, accountId: a.id, description, amountCents: amount, items: [...items], status: cancelled ? 'cancelled' : 'unpaid', providerRef: null,
        issuedAt: state.now - Math.round(r.range(HOUR, 30 * DAY)), paidAt: null,
      });
    }

    if (!a.demo && r.chance(0.02)) {
      const points = r.int(2, 10);
      state.ledger.push({ accountId: a.id, kind: 'adjustment', points, reason: r.pick(['Goodwill credit for the delayed answer', 'Correction of a double charge', 'Points refunded: the problem was a bug']), ticketId: null, licenseId: null, orderId: null, createdBy: r.pick(state.staff.billing).id, createdAt: state.now - Math.round(r.range(1, historyDays) * DAY) });
    }
  }
}

/** The billing queue always has some work, oldest first: orders placed over the last days. */
export function planPendingOrders(state: SeedState): void {
  const r = state.rng('pending-orders');
  const candidates = state.accounts.filter((a) => !a.demo && a.licenses.some((l) => l.status === 'active'));
  const want = Math.max(5, Math.round(state.accounts.length * 0.015));
  for (let i = state.orders.filter((o) => o.status === 'pending').length; i < want && candidates.length; i++) {
    const a = r.pick(candidates);
    const [points, price] = r.pick(pointPackages);
    const at = state.now - Math.round(r.range(20 * MIN, 6 * DAY));
    addOrder(state, r, a, [{ type: 'support_points', points, priceCents: price }], price, `Support points: ${points} points package`, at, 'pending', null);
  }
}
