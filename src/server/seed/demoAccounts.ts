/**
 * The demo's fixed people (README "Demo accounts"), all with the password `switchboard`.
 * The server refuses to start in production while any of them exists.
 */
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
  for (const name of defaultDepartments) {
    await db.query('INSERT INTO departments (name, default_for_type) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, defaultDepartmentTypes[name] ?? null]);
  }
  const depts = new Map((await db.query<{ id: number; name: string }>('SELECT id, name FROM departments')).map((d) => [d.name, d.id]));
  const hash = await hashPassword(demoPassword);
  const ids: Record<string, number> = {};
  const existing = async (email: string) => (await db.query<{ id: number }>('SELECT id FROM users WHERE lower(email) = $1', [email]))[0]?.id;
  for (const s of demoStaff) {
    let id = await existing(s.email);
    if (!id) {
      [{ id }] = (await db.query<{ id: number }>('INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [s.email, s.name, s.role, hash, now])) as [{ id: number }];
      for (const d of s.departments) await db.query('INSERT INTO staff_departments (user_id, department_id) VALUES ($1, $2)', [id, depts.get(d)]);
    }
    ids[s.email] = id;
  }
  let primary = await existing(demoCustomer.email);
  if (!primary) {
    const [acc] = await db.query<{ id: number }>('INSERT INTO accounts (company, contact_email, created_at, newsletter) VALUES ($1, $2, $3, $4) RETURNING id', [
      demoCustomer.company, demoCustomer.email, now, ['security_alerts', 'new_products'],
    ]);
    const [p] = await db.query<{ id: number }>(`INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.primary', $4, $5) RETURNING id`, [
      acc!.id, demoCustomer.email, demoCustomer.name, hash, now,
    ]);
    await db.query('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [acc!.id, p!.id]);
    await db.query(`INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.secondary', $4, $5)`, [
      acc!.id, demoSecondary.email, demoSecondary.name, hash, now,
    ]);
    primary = p!.id;
  }
  ids[demoCustomer.email] = primary;
  ids[demoSecondary.email] = (await existing(demoSecondary.email))!;
  return ids;
}
