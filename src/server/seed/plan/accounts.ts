/** The people: the staff pool and the customer accounts with their users. */
import { newsletterTopics } from '../../../shared/domain/model';
import { demoCustomer, demoSecondary } from '../demoAccounts';
import type { Habit, UserPlan } from '../plans';
import type { SeedState } from '../seedState';
import { DAY, historyDays } from '../units';
import { companyFirst, companyQualifiers, companySecond, companySuffix, firstNames, lastNames, regions, staffExtra } from '../vocabulary/people';

export function planStaff(state: SeedState, demoIds: Record<string, number>): void {
  const r = state.rng('staff');
  const byEmail = new Map<string, UserPlan>();
  const demo = (email: string): UserPlan => {
    const u = state.user(demoIds[email]!);
    byEmail.set(email, u);
    return u;
  };
  const admin = demo('admin@example.com');
  const dispatcher = demo('dispatcher@example.com');
  const engineer = demo('engineer@example.com');
  const billing = demo('billing@example.com');
  const members = new Map<number, Array<readonly [UserPlan, number]>>();
  const join = (deptName: string, u: UserPlan, weight: number) => {
    const id = state.dept(deptName);
    if (!members.has(id)) members.set(id, []);
    members.get(id)!.push([u, weight]);
  };
  join('Tech support', admin, 0.3);
  join('Sales', admin, 0.2);
  join('Billing', admin, 0.2);
  join('Projects', admin, 0.2);
  join('Tech support', engineer, 2.5);
  join('Projects', engineer, 1);
  join('Billing', billing, 2);
  join('Sales', billing, 1);
  const all = [admin, dispatcher, engineer, billing];
  const dispatchers = [dispatcher];
  const billingStaff = [billing];
  const staffCreated = state.now - 3 * 365 * DAY;
  for (const s of staffExtra) {
    const u = state.newUser(null, s.first, s.last, s.role, 'example.com', staffCreated + r.int(0, 700) * DAY);
    all.push(u);
    for (const d of s.departments) join(d, u, 1);
    if (s.role === 'staff.dispatcher') dispatchers.push(u);
    if (s.role === 'staff.billing' && s.departments.includes('Billing')) billingStaff.push(u);
    u.departments = s.departments;
  }
  state.staff = { all, byEmail, members, dispatchers, billing: billingStaff, admin };
}

export function planAccounts(state: SeedState, demoIds: Record<string, number>): void {
  const r = state.rng('accounts');
  const count = Math.max(20, Math.round(state.totalTickets / 20));
  const names = new Set<string>();

  // The demo customer's account exists already; the generator gives it a history.
  const demoPrimary = state.user(demoIds[demoCustomer.email]!);
  const demoAccountId = demoPrimary.accountId!;
  const demoSecondaryUser = state.user(demoIds[demoSecondary.email]!);
  const demoCreated = state.now - 2 * 365 * DAY - 40 * DAY;
  demoPrimary.createdAt = demoCreated;
  demoSecondaryUser.createdAt = demoCreated + 200 * DAY;
  const demoDomain = 'carlascrafts.example';
  state.domains.add(demoDomain);
  state.accounts.push({
    id: demoAccountId, company: demoCustomer.company, domain: demoDomain, createdAt: demoCreated, habit: 'mixed', weight: 0,
    primary: demoPrimary, users: [demoPrimary, demoSecondaryUser], newsletter: ['security_alerts', 'new_products'],
    licenses: [], standing: 0, charges: 0, demo: true, written: [],
  });

  for (let i = 0; i < count; i++) {
    let company = '';
    let base = '';
    for (let attempt = 0; ; attempt++) {
      base = `${r.pick(companyFirst)} ${r.pick(companySecond)}`;
      if (attempt >= 12) base = `${base} ${attempt}`;
      else if (attempt >= 8) base = `${base} of ${r.pick(regions)}`;
      else if (attempt >= 3) base = `${base} ${r.pick(companyQualifiers)}`;
      if (!names.has(base)) break;
    }
    names.add(base);
    const suffix = r.pick(companySuffix);
    company = suffix ? `${base} ${suffix}` : base;
    let domain = base.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');
    if (state.domains.has(`${domain}.example`)) domain = `${domain}-${i}`;
    domain = `${domain}.example`;
    state.domains.add(domain);

    // Most customers are years old; some joined during the last four months.
    const created = r.chance(0.1)
      ? state.now - Math.round(r.range(10, historyDays - 5) * DAY)
      : state.now - Math.round(r.range(historyDays + 10, 6 * 365) * DAY);
    const id = state.nextId.accounts++;
    const first = r.pick(firstNames);
    const last = r.pick(lastNames);
    const primary = state.newUser(id, first, last, 'customer.primary', domain, created);
    const users = [primary];
    const secondaries = r.weighted([[0, 45], [1, 35], [2, 14], [3, 6]] as const);
    for (let s = 0; s < secondaries; s++) {
      const sf = r.pick(firstNames);
      const sl = r.pick(lastNames);
      const at = created + Math.round(r.range(0, Math.max(1, state.now - created - DAY)));
      users.push(r.chance(0.4)
        ? state.newUser(id, sf, sl, 'customer.secondary', domain, at, s === 0 ? 'webmaster' : `${sf}`)
        : state.newUser(id, sf, sl, 'customer.secondary', r.pick(['freelance-dev.example', 'webstudio.example', 'mail.example']), at));
    }
    const habit: Habit = r.weighted([['major', 10], ['minor', 15], ['mixed', 75]] as const);
    const newsletter = newsletterTopics.filter((t) => r.chance(({ company_news: 0.4, promotions: 0.3, security_alerts: 0.6, new_products: 0.4, minor_releases: 0.15 } as const)[t]));
    state.accounts.push({
      id, company, domain, createdAt: created, habit, weight: r.skew(0.9), primary, users, newsletter,
      licenses: [], standing: 0, charges: 0, demo: false, written: [],
    });
  }
}
