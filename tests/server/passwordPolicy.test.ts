/**
 * The password policy (shared/auth/passwordPolicy.ts) and every route that sets a password:
 * the link's set-password, the self-profile's change and a secondary user made with one.
 * Each refusal names the field and the reason, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordIssue } from '../../src/shared/auth/passwordPolicy';
import { emailProbeLimit } from '../../src/server/auth/attemptLimiter';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { browserSession } from '../support/browserSession';
import { startTestServer, type TestServer } from '../support/testServer';

const owner = { email: 'ann.smith@example.com', name: 'Ann Smith' };

describe('the password policy', () => {
  it.each([
    ['short pw', 'must be at least 10 characters'],
    [' '.repeat(12), 'must not be only spaces'],
    ['1234567890', 'is one of the most common passwords'],
    ['password123', 'is a common password'],
    ['qwertyuiop', 'is one of the most common passwords'],
    ['ann.smith@example.com', 'must not be your e-mail address'],
    ['ANN.SMITH@example.com ', 'must not be your e-mail address'],
    ['ann.smith@example.com!', 'must not contain your e-mail address'],
    ['ann.smith1', 'is too close to your e-mail address or name'],
    ['x'.repeat(201), 'must be at most 200 characters'],
  ])('refuses %j: %s', async (password, reason) => {
    expect(await passwordIssue(password, owner)).toBe(reason);
  });

  it.each(['correct horse battery', 'a changed password', 'Tr0ub4dor&3x-quiet'])('takes %j', async (password) => {
    expect(await passwordIssue(password, owner)).toBeNull();
  });
});

describe('routes that set a password', () => {
  let s: TestServer;
  const q = (sql: string, params: unknown[] = []) => s.ctx.db.query<Record<string, any>>(sql, params);
  const hashOf = async (email: string) => (await q('SELECT password_hash FROM users WHERE email = $1', [email]))[0]?.password_hash;

  beforeAll(async () => {
    s = await startTestServer('pglite');
  });
  afterAll(() => s.close());

  it('refuses a weak new password in the self-profile, naming body.newPassword', async () => {
    const token = await s.login('webmaster@example.com');
    const before = await hashOf('webmaster@example.com');
    const res = await s.api('POST', '/api/customer/profile/password', { token, body: { currentPassword: demoPassword, newPassword: 'webmaster@example.com' } });
    expect(res).toMatchObject({ status: 400, body: { error: 'weak_password', field: 'body.newPassword', message: 'body.newPassword: must not be your e-mail address' } });
    expect(await hashOf('webmaster@example.com')).toBe(before);
  });

  it('refuses a weak password for a new secondary user and creates nobody', async () => {
    const res = await s.api('POST', '/api/customer/users', { token: await s.login('customer@example.com'), body: { name: 'New Rep', email: 'weak-rep@example.com', password: 'iloveyou12' } });
    expect(res).toMatchObject({ status: 400, body: { error: 'weak_password', field: 'body.password', message: 'body.password: is too close to a common password' } });
    expect(await hashOf('weak-rep@example.com')).toBeUndefined();
  });

  it('slows down walking a list of addresses through email_taken: 20 probes an hour per user, then 429', async () => {
    const token = await s.login('webmaster@example.com', true);
    const probes = [];
    for (let i = 0; i < emailProbeLimit.points; i++) probes.push((await s.api('POST', '/api/customer/profile/email', { token, body: { email: i % 2 ? 'admin@example.com' : `free-${i}@example.com` } })).status);
    expect(probes.filter((st) => st === 409)).toHaveLength(emailProbeLimit.points / 2);
    const limited = await s.api('POST', '/api/customer/profile/email', { token, body: { email: 'engineer@example.com' } });
    expect(limited).toMatchObject({ status: 429, body: { error: 'too_many_attempts' } });
    s.clock.advance(emailProbeLimit.windowMs);
    expect((await s.api('POST', '/api/customer/profile/email', { token, body: { email: 'engineer@example.com' } })).body.error).toBe('email_taken');
  });

  it('refuses a weak password from a reset link, naming body.password, and keeps the link usable', async () => {
    const b = await browserSession(s.url);
    await b.request('POST', '/api/auth/forgot-password', { body: { email: 'customer@example.com' } });
    const [mail] = await q("SELECT text_body FROM email_outbox WHERE to_address = 'customer@example.com' ORDER BY id DESC LIMIT 1");
    const token = /set-password\?token=([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;
    const before = await hashOf('customer@example.com');
    for (const [password, reason] of [
      ['1234567890', 'is one of the most common passwords'],
      ['          ', 'must not be only spaces'],
      ['customer@example.com', 'must not be your e-mail address'],
    ]) {
      const res = await b.request('POST', '/api/auth/set-password', { body: { token, password } });
      expect(res).toMatchObject({ status: 400, body: { error: expect.stringMatching(/weak_password|validation_failed/), field: 'body.password', message: `body.password: ${reason}` } });
    }
    expect(await hashOf('customer@example.com')).toBe(before);
    const ok = await b.request('POST', '/api/auth/set-password', { body: { token, password: 'a much better passphrase' } });
    expect(ok.status).toBe(200);
  });
});
