/** Another customer account for a server test: a primary user who signs in with the demo password. */
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import type { TestServer } from './testServer';

export async function addCustomerAccount(s: TestServer, company: string, email: string): Promise<{ accountId: number; userId: number; token: string }> {
  const hash = await hashPassword(demoPassword);
  const [account] = await s.ctx.db.query<{ id: number }>('INSERT INTO accounts (company, contact_email, created_at) VALUES ($1, $2, $3) RETURNING id', [company, email, s.clock.now()]);
  const accountId = account!.id;
  const [user] = await s.ctx.db.query<{ id: number }>(
    `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.primary', $4, $5) RETURNING id`,
    [accountId, email, company, hash, s.clock.now()],
  );
  await s.ctx.db.query('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [accountId, user!.id]);
  return { accountId, userId: user!.id, token: await s.login(email) };
}
