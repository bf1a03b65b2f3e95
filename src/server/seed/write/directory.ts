/** Writes the accounts, users and staff departments. */
import { queryBuilder, sql } from '../../db/queryBuilder';
import type { Queryable } from '../../db/database';
import { BulkInsert, pgTextArray } from '../bulkInsert';
import type { SeedState } from '../seedState';
import { DAY } from '../units';

export async function writeDirectory(state: SeedState, tx: Queryable): Promise<void> {
  const accounts = new BulkInsert(tx, 'accounts', [['id', 'bigint'], ['company', 'text'], ['contact_email', 'text'], ['standing_adjustment', 'double precision'], ['newsletter', 'text[]'], ['created_at', 'bigint']]);
  for (const a of state.accounts) if (!a.demo) await accounts.add(a.id, a.company, a.primary.email, a.standing, pgTextArray(a.newsletter), a.createdAt);
  await accounts.flush();
  const users = new BulkInsert(tx, 'users', [['id', 'bigint'], ['account_id', 'bigint'], ['email', 'text'], ['name', 'text'], ['role', 'text'], ['password_hash', 'text'], ['created_at', 'bigint']]);
  for (const u of state.users) await users.add(u.id, u.accountId, u.email, `${u.first} ${u.last}`, u.role, state.hash, u.createdAt);
  await users.flush();
  await tx.query(`UPDATE accounts a SET primary_user_id = u.id FROM users u WHERE u.account_id = a.id AND u.role = 'customer.primary' AND a.primary_user_id IS NULL`);
  const staffDepts = new BulkInsert(tx, 'staff_departments', [['user_id', 'bigint'], ['department_id', 'bigint']]);
  for (const u of state.users) {
    for (const d of u.departments ?? []) await staffDepts.add(u.id, state.dept(d));
  }
  await staffDepts.flush();
  // The demo customer gets its history too: older account, its standing.
  const demo = state.accounts[0]!;
  const q = queryBuilder(tx);
  await q.updateTable('accounts').set({ createdAt: demo.createdAt, standingAdjustment: demo.standing }).where('id', '=', demo.id).execute();
  for (const u of demo.users) await q.updateTable('users').set({ createdAt: u.createdAt }).where('id', '=', u.id).execute();
  for (const email of ['admin@example.com', 'dispatcher@example.com', 'engineer@example.com', 'billing@example.com']) {
    await q.updateTable('users').set({ createdAt: state.now - 4 * 365 * DAY }).where(sql`lower(email)`, '=', email).execute();
  }
}
