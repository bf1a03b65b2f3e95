/**
 * Single-use emailed links (password reset, first password, e-mail change), on PGlite and
 * PostgreSQL: hash-only storage, one use (also under two uses at once), expiry, the purpose
 * checked, no account enumeration, one reset email per address per few minutes; and the
 * self-profile and secondary-user routes that send them. A staff member's reset end to end:
 * the outbox email's link sets the password, their console sessions and streams end, the new
 * password signs in (audited), the old one does not.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { forgotPasswordAnswer } from '../../src/shared/api/profile';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { browserSession } from '../support/browserSession';
import { openEvents } from '../support/sseClient';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const MIN = 60_000;

describe.each(backends)('single-use links on %s', (backend) => {
  let s: TestServer;
  let pushes = 0;
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => s.ctx.db.query<T>(sql, params);
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0]!;
  const outboxTo = (to: string) =>
    q<{ eventKey: string; subject: string; text: string; html: string }>(
      'SELECT event_key AS "eventKey", subject, text_body AS text, html_body AS html FROM email_outbox WHERE lower(to_address) = lower($1) ORDER BY id',
      [to],
    );
  const tokenOf = (text: string, page = 'set-password') => {
    const m = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(text);
    if (!m) throw new Error(`no ${page} link in: ${text}`);
    return m[1]!;
  };
  /** A fresh browser session (cookie + CSRF), as the portal's pages have. */
  const browser = () => browserSession(s.url);
  async function forgot(email: string) {
    const b = await browser();
    return b.request('POST', '/api/auth/forgot-password', { body: { email } });
  }
  async function setPassword(token: string, password: string) {
    const b = await browser();
    const res = await b.request('POST', '/api/auth/set-password', { body: { token, password } });
    return { ...res, session: b };
  }
  async function addCustomer(email: string, company = `Co ${email}`) {
    const hash = await hashPassword(demoPassword);
    const { id: accountId } = await one<{ id: number }>('INSERT INTO accounts (company, contact_email, created_at) VALUES ($1, $2, $3) RETURNING id', [company, email, s.clock.now()]);
    const { id: userId } = await one<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.primary', $4, $5) RETURNING id`,
      [accountId, email, company, hash, s.clock.now()],
    );
    await q('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [accountId, userId]);
    return { accountId, userId, token: await s.login(email) };
  }
  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `links-test-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: string; error: unknown };
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  it("resets a staff member's password by the emailed link end to end: console sessions and streams end, the new one signs in (audited), the old one not", async () => {
    const email = 'reset.engineer@example.com';
    const { id: userId } = await one<{ id: number }>(
      `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ($1, 'Rita Reset', 'staff.engineer', $2, $3) RETURNING id`, [email, await hashPassword(demoPassword), s.clock.now()]);
    const signIn = (password: string) => s.api('POST', '/api/auth/login', { body: { email, password } });
    const consoleToken = (await signIn(demoPassword)).body.token as string;
    const signIns = () => q<{ actor: number; details: { ip: string } }>(`SELECT actor_user_id AS actor, details FROM audit_log WHERE action = 'auth.sign_in' AND entity_id = $1 ORDER BY id`, [userId]);
    // A sign-in is in the audit log: who, from which address.
    expect(await signIns()).toEqual([{ actor: userId, details: { ip: expect.stringMatching(/127\.0\.0\.1/) } }]);
    const stream = await openEvents(`${s.url}/api/sync/events`, consoleToken);
    await stream.next((e) => e.event === 'poke');

    expect((await forgot(email)).status).toBe(200);
    const [mail, ...more] = await outboxTo(email);
    expect(more).toEqual([]);
    expect(mail!.subject).toMatch(/password/i);
    const token = tokenOf(mail!.text);
    expect(mail!.text).toContain(`/set-password?token=${token}`);
    // The link's page asks the server what the link is for before the form shows.
    const b = await browser();
    expect(await b.request('POST', '/api/auth/link', { body: { token } })).toMatchObject({ status: 200, body: { link: { purpose: 'password_reset', email } } });
    expect((await setPassword(token, 'short')).status).toBe(400);
    expect((await setPassword(token, 'ritas new reset passphrase')).status).toBe(200);

    expect((await stream.next((e) => e.event === 'signed-out')).data).toEqual({ reason: 'ended' });
    await stream.ended;
    expect((await s.api('GET', '/api/auth/session', { token: consoleToken })).status).toBe(401);
    expect((await setPassword(token, 'another reset passphrase')).body.error).toBe('link_used');
    expect((await signIn(demoPassword)).status).toBe(401);
    expect((await signIn('ritas new reset passphrase')).status).toBe(200);
    expect(await signIns()).toHaveLength(2);
    expect(await one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.password.reset' AND entity_id = $1`, [userId])).toEqual({ n: 1 });
  });

  it('answers "Forgot password?" the same for a known and an unknown address, and emails only the known one', async () => {
    const u = await addCustomer('forgetful@example.com');
    const known = await forgot('Forgetful@Example.com');
    const unknown = await forgot('nobody-here@example.com');
    expect(known).toMatchObject({ status: 200, body: { message: forgotPasswordAnswer } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(await outboxTo('nobody-here@example.com')).toEqual([]);
    const mails = await outboxTo('forgetful@example.com');
    expect(mails).toHaveLength(1);
    const token = tokenOf(mails[0]!.text);
    expect(mails[0]!.html).toContain(`/set-password?token=${token}`);
    // Only the hash is stored: the token itself is in no column of the link's row.
    const row = await one<Record<string, unknown>>('SELECT * FROM user_links WHERE user_id = $1', [u.userId]);
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ purpose: 'password_reset', used_at: null, expires_at: s.clock.now() + 60 * MIN });
  });

  it('needs the CSRF token of the browser for the public link routes', async () => {
    const b = await browser();
    const res = await b.request('POST', '/api/auth/forgot-password', { body: { email: 'customer@example.com' }, csrf: false });
    expect(res).toMatchObject({ status: 403, body: { error: 'csrf_token_invalid' } });
  });

  it('sends at most one reset email per address every five minutes; a newer link replaces the older', async () => {
    await addCustomer('impatient@example.com');
    await forgot('impatient@example.com');
    await forgot('impatient@example.com');
    expect(await outboxTo('impatient@example.com')).toHaveLength(1);
    s.clock.advance(5 * MIN + 1);
    const again = await forgot('impatient@example.com');
    expect(again.body).toEqual({ message: forgotPasswordAnswer });
    const mails = await outboxTo('impatient@example.com');
    expect(mails).toHaveLength(2);
    const old = await setPassword(tokenOf(mails[0]!.text), 'a brand new password');
    expect(old).toMatchObject({ status: 400, body: { error: 'link_expired', field: 'body.token' } });
    expect((await setPassword(tokenOf(mails[1]!.text), 'a brand new password')).status).toBe(200);
  });

  it('sets the password once: signs in, ends the other sessions; the same link again is refused', async () => {
    const u = await addCustomer('once@example.com');
    await forgot('once@example.com');
    const token = tokenOf((await outboxTo('once@example.com'))[0]!.text);
    const short = await setPassword(token, 'too short');
    expect(short).toMatchObject({ status: 400, body: { field: 'body.password' } });
    expect(short.body.message).toContain('at least 10 characters');

    const first = await setPassword(token, 'correct horse battery');
    expect(first).toMatchObject({ status: 200, body: { user: { email: 'once@example.com' } } });
    expect((await first.session.request('GET', '/api/portal/session')).body.user).toMatchObject({ id: u.userId });
    expect((await s.api('GET', '/api/auth/session', { token: u.token })).status).toBe(401);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'once@example.com', password: 'correct horse battery' } })).status).toBe(200);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'once@example.com', password: demoPassword } })).status).toBe(401);

    const second = await setPassword(token, 'another new password');
    expect(second).toMatchObject({ status: 400, body: { error: 'link_used', field: 'body.token' } });
    expect(second.body.message).toContain('used already');
    const nonsense = await setPassword('x'.repeat(43), 'another new password');
    expect(nonsense).toMatchObject({ status: 400, body: { error: 'link_invalid' } });
  });

  it('lets only one of two uses at once succeed', async () => {
    await addCustomer('racing@example.com');
    await forgot('racing@example.com');
    const token = tokenOf((await outboxTo('racing@example.com'))[0]!.text);
    const [a, b] = await Promise.all([setPassword(token, 'first racing password'), setPassword(token, 'second racing password')]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    expect([a, b].find((r) => r.status === 400)!.body.error).toBe('link_used');
    const winner = a.status === 200 ? 'first racing password' : 'second racing password';
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'racing@example.com', password: winner } })).status).toBe(200);
    expect(await one('SELECT count(*)::int AS n FROM user_links l JOIN users u ON u.id = l.user_id WHERE u.email = $1 AND used_at IS NOT NULL', ['racing@example.com'])).toEqual({ n: 1 });
  });

  it('refuses an expired link (one hour)', async () => {
    await addCustomer('late@example.com');
    await forgot('late@example.com');
    const token = tokenOf((await outboxTo('late@example.com'))[0]!.text);
    s.clock.advance(60 * MIN);
    const late = await setPassword(token, 'too late a password');
    expect(late).toMatchObject({ status: 400, body: { error: 'link_expired', field: 'body.token' } });
    expect(late.body.message).toContain('expired');
  });

  it('refuses a link of another purpose: an e-mail confirmation cannot set a password, nor a reset link confirm an address', async () => {
    const u = await addCustomer('mover@example.com');
    const asked = await s.api('POST', '/api/customer/profile/email', { token: u.token, body: { email: 'moved@example.com' } });
    expect(asked.status).toBe(200);
    const confirmToken = tokenOf((await outboxTo('moved@example.com'))[0]!.text, 'confirm-email');
    const wrong = await setPassword(confirmToken, 'a password by the wrong link');
    expect(wrong).toMatchObject({ status: 400, body: { error: 'link_wrong_purpose' } });
    await forgot('mover@example.com');
    const resetToken = tokenOf((await outboxTo('mover@example.com'))[0]!.text);
    const b = await browser();
    expect(await b.request('POST', '/api/auth/confirm-email', { body: { token: resetToken } })).toMatchObject({ status: 400, body: { error: 'link_wrong_purpose' } });
    // Both links still work for their own purpose.
    expect((await b.request('POST', '/api/auth/confirm-email', { body: { token: confirmToken } })).status).toBe(200);
    expect((await setPassword(resetToken, 'the right link this time')).status).toBe(200);
  });

  it('changes the e-mail (login, and a primary user\'s contact address) only when the new address confirms it', async () => {
    const u = await addCustomer('old-address@example.com');
    const asked = await s.api('POST', '/api/customer/profile/email', { token: u.token, body: { email: 'New-Address@example.com' } });
    expect(asked.body.profile).toMatchObject({ email: 'old-address@example.com', contactEmail: 'old-address@example.com', pendingEmail: { email: 'new-address@example.com' } });
    expect(await one('SELECT contact_email AS c FROM accounts WHERE id = $1', [u.accountId])).toEqual({ c: 'old-address@example.com' });
    const mail = (await outboxTo('new-address@example.com'))[0]!;
    expect(mail.subject).toContain('Confirm');
    const token = tokenOf(mail.text, 'confirm-email');
    const b = await browser();
    expect(await b.request('POST', '/api/auth/confirm-email', { body: { token } })).toMatchObject({ status: 200, body: { email: 'new-address@example.com' } });
    expect(await one('SELECT email FROM users WHERE id = $1', [u.userId])).toEqual({ email: 'new-address@example.com' });
    expect(await one('SELECT contact_email AS c FROM accounts WHERE id = $1', [u.accountId])).toEqual({ c: 'new-address@example.com' });
    expect((await b.request('POST', '/api/auth/confirm-email', { body: { token } })).body.error).toBe('link_used');
    // Expires after a day.
    await s.api('POST', '/api/customer/profile/email', { token: u.token, body: { email: 'third@example.com' } });
    s.clock.advance(24 * 60 * MIN);
    const late = tokenOf((await outboxTo('third@example.com'))[0]!.text, 'confirm-email');
    expect((await b.request('POST', '/api/auth/confirm-email', { body: { token: late } })).body.error).toBe('link_expired');
    // An address another user signs in with is refused at once.
    const taken = await s.api('POST', '/api/customer/profile/email', { token: u.token, body: { email: 'customer@example.com' } });
    expect(taken).toMatchObject({ status: 409, body: { field: 'body.email' } });
  });

  it('changes the own password only with the current one, and ends the other sessions', async () => {
    const u = await addCustomer('changer@example.com');
    const other = await s.login('changer@example.com', true);
    const wrong = await s.api('POST', '/api/customer/profile/password', { token: u.token, body: { currentPassword: 'not it', newPassword: 'a changed password' } });
    expect(wrong).toMatchObject({ status: 400, body: { field: 'body.currentPassword' } });
    const short = await s.api('POST', '/api/customer/profile/password', { token: u.token, body: { currentPassword: demoPassword, newPassword: 'short' } });
    expect(short).toMatchObject({ status: 400, body: { field: 'body.newPassword' } });
    const ok = await s.api('POST', '/api/customer/profile/password', { token: u.token, body: { currentPassword: demoPassword, newPassword: 'a changed password' } });
    expect(ok.status).toBe(200);
    expect((await s.api('GET', '/api/auth/session', { token: u.token })).status).toBe(200);
    expect((await s.api('GET', '/api/auth/session', { token: other })).status).toBe(401);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'changer@example.com', password: 'a changed password' } })).status).toBe(200);
  });

  it('gives a secondary user its own profile but not the account\'s users; staff are refused the customer profile', async () => {
    const secondary = await s.login('webmaster@example.com');
    expect((await s.api('GET', '/api/customer/profile', { token: secondary })).body.profile).toMatchObject({ email: 'webmaster@example.com', contactEmail: null });
    expect((await s.api('PUT', '/api/customer/profile/name', { token: secondary, body: { name: 'Walt W.' } })).body.profile).toMatchObject({ name: 'Walt W.' });
    expect((await s.api('PUT', '/api/customer/profile/name', { token: secondary, body: { name: ' ' } }))).toMatchObject({ status: 400, body: { field: 'body.name' } });
    expect((await s.api('GET', '/api/customer/users', { token: secondary })).status).toBe(403);
    expect((await s.api('PUT', '/api/customer/account/newsletter', { token: secondary, body: { topics: [] } })).status).toBe(403);
    const staff = await s.login('engineer@example.com');
    expect((await s.api('GET', '/api/customer/profile', { token: staff })).status).toBe(403);
  });

  it('emails a new secondary user a first-password link (no password given), and still takes a password from scripts', async () => {
    const owner = await addCustomer('boss@example.com', 'Boss Ltd');
    const made = await s.api('POST', '/api/customer/users', { token: owner.token, body: { name: 'Rep Resentative', email: 'rep@example.com' } });
    expect(made).toMatchObject({ status: 200, body: { linkSent: true } });
    const mail = (await outboxTo('rep@example.com'))[0]!;
    expect(mail.text).toContain('Boss Ltd');
    const first = await setPassword(tokenOf(mail.text), 'representative pw');
    expect(first).toMatchObject({ status: 200, body: { user: { role: 'customer.secondary', email: 'rep@example.com' } } });
    expect(await one('SELECT purpose FROM user_links WHERE user_id = $1', [first.body.user.id])).toEqual({ purpose: 'first_password' });

    const scripted = await s.api('POST', '/api/customer/users', { token: owner.token, body: { name: 'Script', email: 'script@example.com', password: 'a scripted password' } });
    expect(scripted).toMatchObject({ status: 200, body: { linkSent: false } });
    expect(await outboxTo('script@example.com')).toEqual([]);
    // A removed user's link no longer works.
    const gone = await s.api('POST', '/api/customer/users', { token: owner.token, body: { name: 'Gone', email: 'gone@example.com' } });
    await s.api('DELETE', `/api/customer/users/${gone.body.userId}`, { token: owner.token });
    expect((await setPassword(tokenOf((await outboxTo('gone@example.com'))[0]!.text), 'no longer works')).body.error).toBe('link_invalid');
  });

  it('answers parallel additions of one e-mail with one user and 409 email_taken for the others, never a 500', async () => {
    const owner = await addCustomer('parallel-owner@example.com', 'Parallel Ltd');
    const all = await Promise.all(
      Array.from({ length: 8 }, (_, i) => s.api('POST', '/api/customer/users', { token: owner.token, body: { name: `Twin ${i}`, email: 'twin@example.com', password: 'a scripted password' } })),
    );
    expect(all.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of all.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ error: 'email_taken', field: 'body.email' });
    expect(await one('SELECT count(*)::int AS n FROM users WHERE lower(email) = $1', ['twin@example.com'])).toEqual({ n: 1 });
  });

  it("never gives a removed secondary user's address again, saying so within its account and naming the field", async () => {
    const owner = await addCustomer('keeper@example.com', 'Keeper Ltd');
    const other = await addCustomer('elsewhere@example.com', 'Elsewhere Ltd');
    const added = await s.api('POST', '/api/customer/users', { token: owner.token, body: { name: 'Leaver', email: 'leaver@example.com', password: 'a scripted password' } });
    expect(added.status).toBe(200);
    expect((await s.api('DELETE', `/api/customer/users/${added.body.userId}`, { token: owner.token })).status).toBe(200);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'leaver@example.com', password: 'a scripted password' } })).status).toBe(401);
    for (const email of ['leaver@example.com', 'LEAVER@example.com']) {
      const again = await s.api('POST', '/api/customer/users', { token: owner.token, body: { name: 'Leaver again', email, password: 'a scripted password' } });
      expect(again).toMatchObject({ status: 409, body: { error: 'email_of_removed_user', field: 'body.email' } });
      expect(again.body.message).toContain('removed');
    }
    const mine = await s.api('POST', '/api/customer/profile/email', { token: owner.token, body: { email: 'leaver@example.com' } });
    expect(mine).toMatchObject({ status: 409, body: { error: 'email_of_removed_user', field: 'body.email' } });
    // Another account hears only that the address is taken.
    const theirs = await s.api('POST', '/api/customer/users', { token: other.token, body: { name: 'Leaver', email: 'leaver@example.com', password: 'a scripted password' } });
    expect(theirs).toMatchObject({ status: 409, body: { error: 'email_taken', field: 'body.email' } });
    expect(await one('SELECT count(*)::int AS n, bool_or(active) AS active FROM users WHERE lower(email) = $1', ['leaver@example.com'])).toEqual({ n: 1, active: false });
  });

  it('emails the owner of an account made by a license transfer a first-password link, in the approval', async () => {
    const from = await addCustomer('seller@example.com');
    const billing = await s.login('billing@example.com');
    expect(await push(billing, 'invoice.issue', { accountId: from.accountId, description: 'Purchase', amountCents: 10000, items: [{ type: 'license', product: 'X-Cart', edition: 'Gold', priceCents: 10000 }] })).toMatchObject({ status: 'applied' });
    const invoice = await one<{ id: number }>('SELECT id FROM invoices WHERE account_id = $1 ORDER BY id DESC LIMIT 1', [from.accountId]);
    const paid = await s.api('POST', '/api/payments/fake/checkout', { token: from.token, body: { invoiceId: invoice.id } });
    expect(await push(billing, 'order.verify', { orderId: paid.body.orderId })).toMatchObject({ status: 'applied' });
    const { items } = await one<{ items: Array<{ licenseId: number }> }>('SELECT items FROM orders WHERE id = $1', [paid.body.orderId]);
    const licenseId = items[0]!.licenseId;
    await q('UPDATE licenses SET url = $2 WHERE id = $1', [licenseId, 'https://seller.example/']);
    const transfer = await s.api('POST', `/api/customer/licenses/${licenseId}/transfer`, { token: from.token, body: { targetUrl: 'https://buyer.example/', targetCompany: 'Brand New Buyer', targetEmail: 'newbuyer@example.com' } });
    expect(transfer.status).toBe(200);
    expect(await outboxTo('newbuyer@example.com')).toEqual([]);
    expect(await push(billing, 'transfer.approve', { transferId: transfer.body.transferId })).toMatchObject({ status: 'applied' });
    const link = (await outboxTo('newbuyer@example.com')).find((m) => m.text.includes('/set-password?token='));
    expect(link?.subject).toContain('set your password');
    const first = await setPassword(tokenOf(link!.text), 'the new owner pw');
    expect(first).toMatchObject({ status: 200, body: { user: { role: 'customer.primary', email: 'newbuyer@example.com' } } });
  });
});
