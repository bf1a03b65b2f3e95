/**
 * Every role against every route and every mutation: allowed, or refused with 403 (401 when
 * not signed in). The lists come from the server's own route table and mutation registry,
 * so a new route or mutation is covered the day it is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/shared/domain/model';
import { mutationNames, type MutationName } from '../../src/shared/sync/protocol';
import { mayTakeAction, mutationPermission } from '../../src/shared/tickets/permissions';
import { mayAccess } from '../../src/server/http/routes';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const emailOf: Record<Role, string> = {
  'customer.primary': 'customer@example.com',
  'customer.secondary': 'webmaster@example.com',
  'staff.dispatcher': 'dispatcher@example.com',
  'staff.engineer': 'engineer@example.com',
  'staff.billing': 'billing@example.com',
  'staff.admin': 'admin@example.com',
};

const endsSessions = ['/api/auth/logout', '/api/auth/sessions/sign-out-everywhere'];

describe.each(backends)('role matrix on %s', (backend) => {
  let s: TestServer;
  let ticket: { id: number; number: number; messageId: number; otherId: number };

  beforeAll(async () => {
    s = await startTestServer(backend);
    const customer = await s.login('customer@example.com');
    const make = async (subject: string) => {
      const r = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject, body: 'text' } });
      const [row] = await s.ctx.db.query<{ id: number; mid: number }>('SELECT t.id, m.id AS mid FROM tickets t JOIN ticket_messages m ON m.ticket_id = t.id WHERE t.number = $1', [r.body.number]);
      return { id: row!.id, number: r.body.number as number, messageId: row!.mid };
    };
    const a = await make('matrix ticket');
    const b = await make('matrix other');
    ticket = { ...a, otherId: b.id };
  });
  afterAll(() => s.close());

  const fill = (url: string) => url.replace(':number', String(ticket.number)).replace(':id', String(ticket.id));

  it('answers every route with 401 signed out and 403 for roles that may not call it', async () => {
    const checked: string[] = [];
    // "Sign out everywhere" ends the cached sessions too: it goes last.
    const everywhereLast = [...s.routes].sort((a, b) => Number(a.url === endsSessions[1]) - Number(b.url === endsSessions[1]));
    for (const route of everywhereLast) {
      for (const role of [null, ...roles] as Array<Role | null>) {
        // Signing out ends the session (everywhere, for the second), so those routes get a session of their own.
        const token = role ? await s.login(emailOf[role], endsSessions.includes(route.url)) : undefined;
        const ctrl = new AbortController();
        const res = await fetch(s.url + fill(route.url), {
          method: route.method,
          signal: ctrl.signal,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(route.body ? { 'content-type': 'application/json' } : {}) },
          body: route.body ? '{}' : undefined,
        });
        const body = res.headers.get('content-type')?.startsWith('application/json') ? ((await res.json()) as { error?: string }) : null;
        ctrl.abort(); // the SSE route streams forever; its status is all we need
        const allowed = mayAccess(route.access, role);
        const label = `${route.method} ${route.url} as ${role ?? 'anonymous'} → ${res.status}`;
        if (route.access === 'public') expect(res.status, label).not.toBe(401);
        else if (!role) expect(res.status, label).toBe(401);
        else if (!allowed) expect(res.status, label).toBe(403);
        else {
          // Allowed: it may still be refused for this record or input, but never for the role.
          expect(res.status, label).not.toBe(401);
          expect(body?.error, label).not.toBe('forbidden');
        }
        checked.push(label);
      }
    }
    expect(checked.length).toBe(s.routes.length * (roles.length + 1));
    // Every route by every role, one after the other: near a minute on a busy 2-core machine.
  }, 180_000);

  it('lets a secondary user use only the ticket routes (message board), the forum and their own profile, never the staff or account ones', async () => {
    for (const route of s.routes) {
      if (route.access === 'public') continue;
      const secondaryMay = mayAccess(route.access, 'customer.secondary');
      // The message board, the forum (the help page: "take part in forum threads"), signing in, and their own person (name, e-mail, password): never the account's.
      const secondaryRoute = ['/api/customer/tickets', '/api/forum/', '/api/auth/', '/api/customer/profile'].some((prefix) => route.url.startsWith(prefix));
      expect(secondaryMay, `${route.method} ${route.url}`).toBe(secondaryRoute);
      // A primary user has its own account's routes too, but never a staff one.
      if (!route.url.startsWith('/api/customer/') && !route.url.startsWith('/api/auth/') && !route.url.startsWith('/api/payments/') && !route.url.startsWith('/api/forum/')) {
        expect(mayAccess(route.access, 'customer.primary'), `${route.method} ${route.url}`).toBe(false);
      }
    }
  });

  it('keeps the team and audit routes to admins', () => {
    const adminRoutes = s.routes.filter((r) => ['/api/admin/staff', '/api/admin/audit', '/api/admin/audit.csv'].includes(r.url));
    expect(adminRoutes.map((r) => r.url).sort()).toEqual(['/api/admin/audit', '/api/admin/audit.csv', '/api/admin/staff']);
    for (const r of adminRoutes) expect(r.access, r.url).toEqual(['staff.admin']);
  });

  it('refuses each mutation to the staff roles the role table does not allow', async () => {
    const argsFor = (name: MutationName): Record<string, unknown> => {
      const base = { ticketId: ticket.id };
      switch (name) {
        case 'ticket.classify': return { ...base, type: 'tech', departmentId: 1, cost: 1 };
        case 'ticket.forward': return { ...base, departmentId: 1 };
        case 'ticket.assign': return { ...base, assigneeId: null };
        case 'ticket.reply': case 'ticket.note': return { ...base, body: 'hello' };
        case 'ticket.setPriority': return { ...base, priority: 'minor' };
        case 'ticket.setHotRush': return { ...base, hotRush: false };
        case 'ticket.merge': return { ...base, intoTicketId: ticket.otherId };
        case 'ticket.split': return { ...base, messageId: ticket.messageId };
        case 'order.verify': return { orderId: 1 };
        case 'order.reject': return { orderId: 1, reason: 'matrix' };
        case 'invoice.issue': return { accountId: 1, description: 'matrix', amountCents: 100, items: [{ type: 'service', name: 'Setup', priceCents: 100 }] };
        case 'invoice.cancel': return { invoiceId: 1 };
        case 'transfer.approve': return { transferId: 1 };
        case 'transfer.reject': return { transferId: 1, reason: 'matrix' };
        case 'urlChange.approve': return { requestId: 1 };
        case 'urlChange.reject': return { requestId: 1, reason: 'matrix' };
        case 'ledger.adjust': return { accountId: 1, points: 1, reason: 'matrix' };
        // Staff and departments: well-formed, aimed at nobody (an admin gets not_found), so the matrix changes no one.
        case 'staff.invite': return { email: `matrix-${Math.random().toString(36).slice(2)}@example.com`, name: 'Matrix', role: 'staff.engineer', departmentIds: [] };
        case 'staff.resendInvitation': case 'staff.cancelInvitation': case 'staff.deactivate': case 'staff.reactivate': case 'staff.resetTwoFactor': return { userId: 999_999 };
        case 'staff.update': return { userId: 999_999, name: 'Matrix' };
        case 'department.create': return { name: `Matrix ${Math.random().toString(36).slice(2)}` };
        case 'department.rename': return { departmentId: 999_999, name: 'Matrix' };
        case 'department.archive': return { departmentId: 999_999 };
        // The catalogue: a new item of a name of its own, changes aimed at no item (an admin gets not_found).
        case 'catalogue.create': return { kind: 'service', name: `Matrix ${Math.random().toString(36).slice(2)}`, priceCents: 100 };
        case 'catalogue.update': return { itemId: 999_999, priceCents: 100 };
        case 'catalogue.setActive': return { itemId: 999_999, active: false };
        // Newsletters: an issue of a key of its own (an admin's goes to the topic's few subscribers), the default rate.
        case 'newsletter.send': return { issueKey: `matrix-${Math.random().toString(36).slice(2)}`, topic: 'company_news', subject: 'Matrix', body: 'Matrix' };
        case 'newsletter.testSend': return { topic: 'company_news', subject: 'Matrix', body: 'Matrix' };
        case 'newsletter.setThrottle': return { perMinute: 300 };
        // Affiliate payouts: aimed at no payout (billing and admins get not_found).
        case 'payout.pay': case 'payout.convert': return { payoutId: 999_999 };
        case 'payout.reject': return { payoutId: 999_999, reason: 'matrix' };
        case 'heldMail.accept': return { heldMailId: 1, ticketId: ticket.id };
        case 'heldMail.startTicket': return { heldMailId: 1, accountId: 1 };
        case 'heldMail.discard': return { heldMailId: 1 };
        // The forum: a category of a name of its own, the rest aimed at no category, thread or post.
        case 'forumCategory.create': return { name: `Matrix ${Math.random().toString(36).slice(2)}` };
        case 'forumCategory.update': return { categoryId: 999_999, name: 'Matrix' };
        case 'forumCategory.setArchived': return { categoryId: 999_999, archived: true };
        case 'forum.setSettings': return { postsPerHour: 10 };
        case 'forum.startThread': return { categoryId: 999_999, title: 'Matrix', body: 'matrix' };
        case 'forum.reply': return { threadId: 999_999, body: 'matrix' };
        case 'forum.setPostHidden': return { postId: 999_999, hidden: true, reason: 'matrix' };
        case 'forum.setLocked': return { threadId: 999_999, locked: true, reason: 'matrix' };
        case 'forum.setPinned': return { threadId: 999_999, pinned: true, reason: 'matrix' };
        case 'forum.move': return { threadId: 999_999, categoryId: 999_999, reason: 'matrix' };
        default: return base;
      }
    };
    const adminOnly = mutationNames.filter((n) => n.startsWith('staff.') || n.startsWith('department.') || n.startsWith('catalogue.') || n.startsWith('newsletter.') || n.startsWith('forumCategory.') || n === 'forum.setSettings');
    expect(adminOnly).toHaveLength(20);
    for (const name of adminOnly) expect(roles.filter((r) => mayTakeAction(r, mutationPermission[name])), name).toEqual(['staff.admin']);
    for (const role of roles.filter((r) => r.startsWith('staff.'))) {
      // A session of its own: the route matrix signed the cached ones out everywhere.
      const token = await s.login(emailOf[role], true);
      let id = 0;
      for (const name of mutationNames) {
        id += 1;
        const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `matrix-${role.replace('.', '-')}`, mutations: [{ id, name, args: argsFor(name) }] } });
        expect(res.status).toBe(200);
        const result = res.body.results[0];
        const label = `${name} as ${role}: ${JSON.stringify(result)}`;
        if (mayTakeAction(role, mutationPermission[name])) {
          expect(result.error?.code, label).not.toBe('forbidden');
          // Allowed means it reached its handler: never refused for its (well-formed) arguments.
          expect(result.error?.code, label).not.toBe('validation_failed');
        } else expect(result, label).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
      }
    }
  });
});
