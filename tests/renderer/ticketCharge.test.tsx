// @vitest-environment happy-dom
/**
 * The ticket's cost and charge, and its clock, where a ticket shows: the properties panel says
 * the cost rating (0 = free), the HotRush surcharge on top and, once closed, the points charged
 * and when; it and the customer sidebar's ticket list show the turnaround clock, paused states
 * and the breach flag. The panels read seeded React Query data, as they would from main.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { queryKey } from '../../src/renderer/api/queryKeys';
import { CustomerSidebar } from '../../src/renderer/customer/CustomerSidebar';
import { formatDate, formatDateTime } from '../../src/renderer/shell/timeText';
import { chargeText } from '../../src/renderer/ticket/chargeText';
import { PropertiesPanel } from '../../src/renderer/ticket/PropertiesPanel';
import type { AccountPage, SessionInfo, Ticket, TicketDetail, TicketSummary } from '../../src/shared/console/schemas';

afterEach(cleanup);

const hour = 3_600_000;
const now = Date.now();

const ticket: Ticket = {
  id: 7, number: 1007, accountId: 3, authorUserId: 50, type: 'tech', subject: 'Checkout broken', licenseId: null, productVersion: null, priority: 'major',
  hotRush: true, status: 'in_progress', departmentId: 1, assigneeId: null, cost: 3, chargedPoints: null, score: 3, clockStartedAt: now - 2 * hour,
  dueAt: now - hour, breachedAt: now - hour + 5000, answeredAt: null, preClosedAt: null, closedAt: null, mergedIntoId: null, followUpOfId: null,
  splitFromId: null, createdAt: now - 2 * hour, updatedAt: now, version: 3, hasAccessInfo: false,
};

function detailOf(t: Partial<Ticket>, extra: Partial<TicketDetail> = {}): TicketDetail {
  return {
    ticket: { ...ticket, ...t }, company: 'Acme', departmentName: 'Tech support', assigneeName: null, pending: false, chargedAt: null,
    messages: [], attachments: [], splitInto: [], failedActions: [], presence: [], hotRushSurcharge: 5, ...extra,
  };
}

const session: SessionInfo = { serverUrl: 'http://helpdesk.test', user: { id: 9, email: 'engineer@example.com', name: 'Erin', role: 'staff.engineer', departmentIds: [1] } };

function withData(seed: (q: QueryClient) => void, ui: ReactNode) {
  // Seeded answers that never go stale: the panels render from them and call nothing.
  const q = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  q.setQueryData(queryKey('auth.session'), session);
  q.setQueryData(queryKey('directory.get'), { departments: [{ id: 1, name: 'Tech support', archived: false }], staff: [] });
  seed(q);
  return render(<QueryClientProvider client={q}>{ui}</QueryClientProvider>);
}

describe('chargeText', () => {
  const facts = { cost: 3, hotRush: false, chargedPoints: null, hotRushSurcharge: 5, chargedAt: null };

  it('says the cost rating, free tickets and the HotRush surcharge', () => {
    expect(chargeText(facts)).toBe('Cost 3 points');
    expect(chargeText({ ...facts, cost: 1 })).toBe('Cost 1 point');
    expect(chargeText({ ...facts, cost: 0 })).toBe('Free (0 points)');
    expect(chargeText({ ...facts, hotRush: true })).toBe('Cost 3 points (+5 HotRush surcharge)');
    expect(chargeText({ ...facts, cost: 0, hotRush: true, hotRushSurcharge: 7 })).toBe('Cost 0 points (+7 HotRush surcharge)');
    expect(chargeText({ ...facts, cost: null })).toBe('Cost not rated yet');
  });

  it('adds the points charged at the first close, with the day when known', () => {
    const at = Date.UTC(2026, 10, 2, 12);
    expect(chargeText({ ...facts, hotRush: true, chargedPoints: 8, chargedAt: at })).toBe(`Cost 3 points (+5 HotRush surcharge) · charged 8 points on ${formatDate(at)}`);
    expect(chargeText({ ...facts, chargedPoints: 3 })).toBe('Cost 3 points · charged 3 points');
    expect(chargeText({ ...facts, cost: 0, chargedPoints: 0 })).toBe('Free (0 points) · nothing charged');
  });
});

describe('<PropertiesPanel> cost, charge and clock', () => {
  it('tells a role that may not change the properties why they are locked', () => {
    withData(() => undefined, <PropertiesPanel detail={detailOf({})} />);
    const fieldset = screen.getByRole('form', { name: 'Ticket properties' }).querySelector('fieldset')!;
    expect(fieldset.disabled).toBe(true);
    expect(document.getElementById(fieldset.getAttribute('aria-describedby')!)!.textContent).toBe('Dispatchers and admins change these properties.');
  });

  it('shows a running HotRush ticket\'s cost with the surcharge, its overdue clock and when it breached', () => {
    withData(() => undefined, <PropertiesPanel detail={detailOf({})} />);
    const facts = screen.getByRole('region', { name: 'Properties' }).querySelector('dl')!;
    expect(within(facts).getByText('Cost 3 points (+5 HotRush surcharge)')).toBeTruthy();
    // The shared clock ticks every 15 s from when it loaded, so its "now" may be a little behind this test's.
    expect(facts.querySelector('.turnaround')!.textContent).toMatch(/^(59m|1h 00m) overdue$/);
    expect(facts.querySelector('.turnaround')!.className).toContain('tone-overdue');
    expect(within(facts).getByText(`Target missed at ${formatDateTime(ticket.breachedAt!)}`)).toBeTruthy();
  });

  it('shows the surcharge the server has set, and an answered ticket\'s clock as paused', () => {
    withData(() => undefined, <PropertiesPanel detail={detailOf({ status: 'answered', dueAt: null, breachedAt: null }, { hotRushSurcharge: 9 })} />);
    const facts = document.querySelector('dl.facts')!;
    expect(facts.textContent).toContain('Cost 3 points (+9 HotRush surcharge)');
    expect(facts.querySelector('.turnaround')!.textContent).toBe('Paused (answered)');
    expect(facts.textContent).not.toContain('Target missed');
  });

  it('shows what a closed ticket was charged, and no clock', () => {
    const chargedAt = now - 24 * hour;
    withData(() => undefined, <PropertiesPanel detail={detailOf({ status: 'closed', dueAt: null, breachedAt: null, chargedPoints: 8, closedAt: chargedAt }, { chargedAt })} />);
    const facts = document.querySelector('dl.facts')!;
    expect(facts.textContent).toContain(`Cost 3 points (+5 HotRush surcharge) · charged 8 points on ${formatDate(chargedAt)}`);
    expect(facts.querySelector('.turnaround')).toBeNull();
  });
});

describe('<CustomerSidebar> other tickets', () => {
  const summary = (t: Partial<TicketSummary>): TicketSummary => ({
    id: 1, number: 1001, subject: 'Other', status: 'open', type: 'tech', priority: 'normal', hotRush: false, score: 2, dueAt: null, breachedAt: null,
    departmentId: 1, assigneeId: null, accountId: 3, company: 'Acme', updatedAt: now, pending: false, ...t,
  });
  const page: AccountPage = {
    account: { id: 3, company: 'Acme', contactEmail: 'it@acme.test', primaryUserId: 50, pointsBalance: 12, newsletter: [], createdAt: null },
    standing: { majorShare: 0, minorShare: 0, adjustment: 0 }, users: [], licenses: [], ledger: [],
    tickets: [
      summary({ id: 7, number: 1007 }),
      summary({ id: 11, number: 1011, subject: 'Running', dueAt: now + 3 * hour + 5 * 60_000 }),
      summary({ id: 12, number: 1012, subject: 'Waiting on the customer', status: 'pre_closed' }),
      summary({ id: 13, number: 1013, subject: 'Late', dueAt: now + 60_000, breachedAt: now - 1000 }),
      summary({ id: 14, number: 1014, subject: 'Done', status: 'closed' }),
    ],
  };

  it('shows each open ticket\'s clock, paused and breached ones named, and none for closed ones', () => {
    withData((q) => q.setQueryData(queryKey('account.page', { accountId: 3 }), page), <CustomerSidebar accountId={3} ticketId={7} />);
    const items = [...document.querySelectorAll('.other-tickets li')];
    expect(items.map((li) => li.querySelector('.turnaround')?.textContent ?? null)).toEqual([expect.stringMatching(/^3h 0[45]m left$/), 'Paused (pre-closed)', 'Breached', null]);
    expect(items[2]!.querySelector('.turnaround')!.className).toContain('tone-overdue');
  });
});
