/**
 * Opening a customer account for someone who is not signed in to one: the owner of an account
 * a license transfer makes, or a visitor whose guest order opens it. Its primary user has no
 * password anyone knows (a random one, hashed): they choose theirs from the single-use
 * first_password link emailed here (userLinks.ts). In the caller's transaction, so a refusal
 * later in it leaves no account behind.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/passwords';
import { issueLink } from '../auth/userLinks';
import { queryBuilder } from '../db/queryBuilder';
import type { ChangeWriter } from '../sync/changeLog';

export interface NewCustomerAccount {
  company: string;
  /** The primary user's login and the account's contact address. */
  email: string;
  name: string;
}

export async function openCustomerAccount(w: ChangeWriter, publicUrl: string, a: NewCustomerAccount): Promise<{ accountId: number; userId: number }> {
  const account = await queryBuilder(w.tx)
    .insertInto('accounts')
    .values({ company: a.company, contactEmail: a.email, createdAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await queryBuilder(w.tx)
    .insertInto('users')
    .values({ accountId: account.id, email: a.email, name: a.name, role: 'customer.primary', passwordHash: await hashPassword(randomBytes(24).toString('base64')), createdAt: w.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queryBuilder(w.tx).updateTable('accounts').set({ primaryUserId: user.id }).where('id', '=', account.id).execute();
  w.changed('account', account.id);
  w.changed('user', user.id);
  await issueLink(w, publicUrl, { userId: user.id, purpose: 'first_password' });
  return { accountId: account.id, userId: user.id };
}
