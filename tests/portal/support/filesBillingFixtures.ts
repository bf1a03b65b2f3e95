/**
 * Fixtures for the File area, Invoices, Orders and Accounting browser tests: accounts made in
 * the database, billing's decisions pushed as a console would push them, and payments at
 * the fake provider, all against the portal stack's real server.
 */
import { expect } from 'vitest';
import { hashPassword } from '../../../src/server/auth/passwords';
import { demoPassword } from '../../../src/server/seed/demoAccounts';
import type { PortalStack } from './portalStack';

let pushes = 0;
const billingTokens = new WeakMap<PortalStack, string>();

/** One mutation pushed by billing@ from a fresh console client; returns its result. */
export async function pushAsBilling(stack: PortalStack, name: string, args: unknown) {
  // One sign-in for all pushes: the login limiter counts sign-ins.
  const token = billingTokens.get(stack) ?? (await stack.server.login('billing@example.com'));
  billingTokens.set(stack, token);
  const res = await stack.server.api('POST', '/api/sync/push', { token, body: { clientId: `portal-fb-${process.pid}-${++pushes}`, mutations: [{ id: 1, name, args }] } });
  expect(res.status).toBe(200);
  const result = res.body.results[0] as { status: 'applied' | 'rejected'; result?: unknown; error: { code: string; message: string } | null };
  expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
  return result;
}

export async function one<T>(stack: PortalStack, sql: string, params: unknown[] = []): Promise<T> {
  const rows = await stack.server.db.query<T>(sql, params);
  return rows[0]!;
}

export const accountIdOf = async (stack: PortalStack, email: string) =>
  (await one<{ accountId: number }>(stack, 'SELECT account_id AS "accountId" FROM users WHERE lower(email) = lower($1)', [email])).accountId;

/** A new customer account with no licenses; its primary user signs in with the demo password. */
export async function newAccount(stack: PortalStack, company: string, email: string): Promise<{ accountId: number; email: string }> {
  const hash = await hashPassword(demoPassword);
  const now = Date.now();
  const { id: accountId } = await one<{ id: number }>(stack, 'INSERT INTO accounts (company, contact_email, created_at) VALUES ($1, $2, $3) RETURNING id', [company, email, now]);
  const { id: userId } = await one<{ id: number }>(
    stack,
    `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.primary', $4, $5) RETURNING id`,
    [accountId, email, company, hash, now],
  );
  await stack.server.db.query('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [accountId, userId]);
  return { accountId, email };
}

/** Billing issues an invoice to the account; returns its id. */
export async function issueInvoice(stack: PortalStack, accountId: number, description: string, items: Array<Record<string, unknown> & { priceCents: number }>): Promise<number> {
  const amountCents = items.reduce((s, i) => s + i.priceCents, 0);
  await pushAsBilling(stack, 'invoice.issue', { accountId, description, amountCents, items });
  return (await one<{ id: number }>(stack, 'SELECT id FROM invoices WHERE account_id = $1 ORDER BY id DESC LIMIT 1', [accountId])).id;
}

/** The customer pays an invoice at the fake provider through the REST API (a fixture, not the page). */
export async function payByApi(stack: PortalStack, email: string, invoiceId: number): Promise<number> {
  const token = await stack.server.login(email);
  const paid = await stack.server.api('POST', '/api/payments/fake/checkout', { token, body: { invoiceId } });
  expect(paid.body).toMatchObject({ outcome: 'paid' });
  return paid.body.orderId as number;
}
