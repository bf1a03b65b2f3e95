/**
 * The demo's fixed people (README "Demo accounts"), all with the password `switchboard`.
 * The server refuses to start in production while any of them exists.
 */
import { queryBuilder, sql } from '../db/queryBuilder';
import type { Role, TicketType } from '../../shared/domain/model';
import type { Queryable } from '../db/database';
import { hashPassword } from '../auth/passwords';

export const demoPassword = 'switchboard';
export const defaultDepartments = ['Tech support', 'Sales', 'Billing', 'Projects'] as const;
/** The ticket type whose new tickets each default department takes (`departments.default_for_type`). */
const defaultDepartmentTypes: Partial<Record<(typeof defaultDepartments)[number], TicketType>> = { 'Tech support': 'tech', Sales: 'sales', Projects: 'project' };

export interface DemoPerson {
  email: string;
  name: string;
  role: Role;
  departments: Array<(typeof defaultDepartments)[number]>;
}

export const demoStaff: DemoPerson[] = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'staff.admin', departments: [...defaultDepartments] },
  { email: 'dispatcher@example.com', name: 'Dana Dispatcher', role: 'staff.dispatcher', departments: [] },
  { email: 'engineer@example.com', name: 'Eric Engineer', role: 'staff.engineer', departments: ['Tech support', 'Projects'] },
  { email: 'billing@example.com', name: 'Bill Billing', role: 'staff.billing', departments: ['Billing', 'Sales'] },
];
export const demoCustomer = { email: 'customer@example.com', name: 'Carla Customer', company: 'Carla\'s Crafts Ltd' };
export const demoSecondary = { email: 'webmaster@example.com', name: 'Walt Webmaster' };
export const demoEmails = [...demoStaff.map((s) => s.email), demoCustomer.email, demoSecondary.email];

/**
 * Creates the departments and the demo people if missing; returns their ids by email.
 * Idempotent, so a restart of the demo leaves existing data alone.
 */
export async function ensureDemoAccounts(db: Queryable, now: number): Promise<Record<string, number>> {
  const q = queryBuilder(db);
  for (const name of defaultDepartments) {
    await q.insertInto('departments').values({ name, defaultForType: defaultDepartmentTypes[name] ?? null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  }
  const depts = new Map((await q.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.name, d.id]));
  const hash = await hashPassword(demoPassword);
  const ids: Record<string, number> = {};
  const existing = async (email: string) => (await q.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst())?.id;
  for (const s of demoStaff) {
    let id = await existing(s.email);
    if (!id) {
      ({ id } = await q.insertInto('users').values({ email: s.email, name: s.name, role: s.role, passwordHash: hash, createdAt: now }).returning('id').executeTakeFirstOrThrow());
      for (const d of s.departments) await q.insertInto('staffDepartments').values({ userId: id, departmentId: depts.get(d)! }).execute();
    }
    ids[s.email] = id;
  }
  let primary = await existing(demoCustomer.email);
  if (!primary) {
    const acc = await q
      .insertInto('accounts')
      .values({ company: demoCustomer.company, contactEmail: demoCustomer.email, createdAt: now, newsletter: ['security_alerts', 'new_products'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = await q
      .insertInto('users')
      .values({ accountId: acc.id, email: demoCustomer.email, name: demoCustomer.name, role: 'customer.primary', passwordHash: hash, createdAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await q.updateTable('accounts').set({ primaryUserId: p.id }).where('id', '=', acc.id).execute();
    await q.insertInto('users').values({ accountId: acc.id, email: demoSecondary.email, name: demoSecondary.name, role: 'customer.secondary', passwordHash: hash, createdAt: now }).execute();
    primary = p.id;
  }
  ids[demoCustomer.email] = primary;
  ids[demoSecondary.email] = (await existing(demoSecondary.email))!;
  return ids;
}
