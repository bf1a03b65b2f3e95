/**
 * Staff two-factor (TOTP, RFC 6238) end to end over HTTP: set up with a QR code, the sign-in
 * asks for the code, wrong, replayed and expired codes are refused, recovery codes work once,
 * turning it off needs the password, and the admin setting that requires it for all staff
 * (enrolment at the next sign-in). Every change is in the audit log.
 */
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { openEvents } from '../support/sseClient';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('staff two-factor on %s', (backend) => {
  let s: TestServer;
  const code = (secret: string, atMs = s.clock.now()) => generate({ secret, epoch: Math.floor(atMs / 1000) });
  const login = (email: string, extra: Record<string, string> = {}) => s.api('POST', '/api/auth/login', { body: { email, password: demoPassword, ...extra } });
  const audit = async (action: string, userId: number) =>
    (await s.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = $2', [action, userId]))[0]!.n;
  /** Sets up two-factor for a demo person through the routes; its secret and recovery codes. */
  async function enrol(email: string) {
    const token = await s.login(email, true);
    const started = await s.api('POST', '/api/staff/two-factor/enrol', { token });
    expect(started.status).toBe(200);
    const { secret, qrCodeDataUrl, otpauthUrl } = started.body.enrolment;
    expect(otpauthUrl).toBe(`otpauth://totp/Switchboard:${encodeURIComponent(email)}?secret=${secret}&issuer=Switchboard`);
    expect(qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(qrCodeDataUrl.split(',')[1], 'base64').toString();
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/script|on\w+=|@/i);
    const wrong = await s.api('POST', '/api/staff/two-factor/confirm', { token, body: { code: (await code(secret)) === '000000' ? '111111' : '000000' } });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'wrong_code', field: 'body.code' } });
    const confirmed = await s.api('POST', '/api/staff/two-factor/confirm', { token, body: { code: await code(secret) } });
    expect(confirmed.status).toBe(200);
    enrolled.set(email, { token, secret });
    return { token, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }
  /** Who set up two-factor through enrol(): a session of theirs and their secret. */
  const enrolled = new Map<string, { token: string; secret: string }>();

  beforeAll(async () => {
    s = await startTestServer(backend);
  });
  afterAll(() => s.close());

  it('asks for the code once set up, and refuses wrong, replayed and expired codes', async () => {
    const { secret, recoveryCodes } = await enrol('engineer@example.com');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const userId = s.ids['engineer@example.com']!;
    expect(await audit('auth.two_factor.enable', userId)).toBe(1);
    // The admin's Team screen says who has it on.
    const team = await s.api('GET', '/api/admin/staff', { token: await s.login('admin@example.com', true) });
    const onFor = (email: string) => team.body.people.find((p: { email: string }) => p.email === email)?.twoFactor;
    expect([onFor('engineer@example.com'), onFor('dispatcher@example.com')]).toEqual([true, false]);

    expect(await login('engineer@example.com')).toMatchObject({ status: 401, body: { error: 'two_factor_required', field: 'body.code' } });
    s.clock.advance(30_000);
    const now = await code(secret);
    const wrong = String((Number(now) + 1) % 1_000_000).padStart(6, '0');
    expect(await login('engineer@example.com', { code: wrong })).toMatchObject({ status: 401, body: { error: 'wrong_code', field: 'body.code' } });
    const expired = await code(secret, s.clock.now() - 5 * 60_000);
    expect(await login('engineer@example.com', { code: expired })).toMatchObject({ status: 401, body: { error: 'wrong_code' } });
    const ok = await login('engineer@example.com', { code: now });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toBeUndefined();
    // The same code again, still within its 30 seconds: refused.
    expect(await login('engineer@example.com', { code: now })).toMatchObject({ status: 401, body: { error: 'wrong_code' } });
    // Nor an earlier step's code once a later one was taken.
    expect(await login('engineer@example.com', { code: await code(secret, s.clock.now() - 30_000) })).toMatchObject({ status: 401, body: { error: 'wrong_code' } });
    s.clock.advance(30_000);
    expect((await login('engineer@example.com', { code: await code(secret) })).status).toBe(200);
    expect(await audit('auth.sign_in_failed', userId)).toBeGreaterThanOrEqual(4);
  });

  it('takes each recovery code once, in any case and without its dashes', async () => {
    const { recoveryCodes } = await enrol('dispatcher@example.com');
    const first = recoveryCodes[0]!;
    expect((await login('dispatcher@example.com', { code: first.toUpperCase() })).status).toBe(200);
    expect(await login('dispatcher@example.com', { code: first })).toMatchObject({ status: 401, body: { error: 'wrong_code' } });
    expect((await login('dispatcher@example.com', { code: recoveryCodes[1]!.replace(/-/g, '') })).status).toBe(200);
    const token = await s.login('dispatcher@example.com', true).catch(() => null);
    expect(token).toBeNull(); // the test helper signs in without a code: refused
    const signedIn = (await login('dispatcher@example.com', { code: recoveryCodes[2]! })).body.token as string;
    expect((await s.api('GET', '/api/staff/two-factor', { token: signedIn })).body.twoFactor).toEqual({ enabled: true, recoveryCodesLeft: 7, requiredForStaff: false });
    expect(await audit('auth.two_factor.recovery_code_used', s.ids['dispatcher@example.com']!)).toBe(3);
    // Turning it off needs the password; then no code is asked for.
    expect(await s.api('POST', '/api/staff/two-factor/disable', { token: signedIn, body: { password: 'not the password' } })).toMatchObject({ status: 400, body: { field: 'body.password' } });
    expect((await s.api('POST', '/api/staff/two-factor/disable', { token: signedIn, body: { password: demoPassword } })).body.twoFactor.enabled).toBe(false);
    expect((await login('dispatcher@example.com')).status).toBe(200);
    expect(await audit('auth.two_factor.disable', s.ids['dispatcher@example.com']!)).toBe(1);
  });

  it('requires two-factor for all staff by the admin setting: staff without it are signed out and enrol at their next sign-in', async () => {
    const admin = await s.login('admin@example.com', true);
    const billing = await s.login('billing@example.com', true);
    const refused = await s.api('PUT', '/api/admin/settings/two-factor', { token: admin, body: { requiredForStaff: true } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'two_factor_off', field: 'body.requiredForStaff' } });
    expect((await s.api('PUT', '/api/admin/settings/two-factor', { token: admin, body: { requiredForStaff: 'yes' } })).status).toBe(400);
    const own = await enrol('admin@example.com');
    const on = await s.api('PUT', '/api/admin/settings/two-factor', { token: own.token, body: { requiredForStaff: true } });
    expect(on).toMatchObject({ status: 200, body: { twoFactor: { requiredForStaff: true } } });
    expect((await s.api('GET', '/api/auth/session', { token: billing })).status).toBe(401);
    expect((await s.api('GET', '/api/auth/session', { token: own.token })).status).toBe(200);

    const asked = await login('billing@example.com');
    expect(asked).toMatchObject({ status: 401, body: { error: 'two_factor_enrolment_required', field: 'body.code', enrolment: { qrCodeDataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/) } } });
    const secret = asked.body.enrolment.secret as string;
    expect(await login('billing@example.com', { code: '123456' === (await code(secret)) ? '654321' : '123456' })).toMatchObject({ status: 401, body: { error: 'wrong_code' } });
    const done = await login('billing@example.com', { code: await code(secret) });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    // Required: it cannot be turned off.
    expect(await s.api('POST', '/api/staff/two-factor/disable', { token: done.body.token, body: { password: demoPassword } })).toMatchObject({ status: 409, body: { error: 'two_factor_required' } });
    // Customers never get a second factor.
    expect((await login('customer@example.com')).status).toBe(200);
    const settings = await s.ctx.db.query<{ details: { requiredForStaff: boolean } }>("SELECT details FROM audit_log WHERE action = 'settings.two_factor.update'");
    expect(settings.map((r) => r.details.requiredForStaff)).toEqual([true]);
    s.clock.advance(60_000);
    await s.api('PUT', '/api/admin/settings/two-factor', { token: own.token, body: { requiredForStaff: false } });
  });

  it("an admin resets a person's two-factor (a lost phone): off, every session ended and its stream closed, audited; required, the next sign-in sets it up again", async () => {
    const admin = enrolled.get('admin@example.com')!.token;
    const engineer = s.ids['engineer@example.com']!;
    let clients = 0;
    const reset = async (token: string, userId: number) => {
      const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `reset-two-factor-${++clients}`, mutations: [{ id: 1, name: 'staff.resetTwoFactor', args: { userId } }] } });
      expect(res.status).toBe(200);
      return res.body.results[0];
    };
    s.clock.advance(30_000);
    const signedIn = await login('engineer@example.com', { code: await code(enrolled.get('engineer@example.com')!.secret) });
    expect(signedIn.status).toBe(200);
    const stream = await openEvents(`${s.url}/api/sync/events`, signedIn.body.token);
    await stream.next((e) => e.event === 'poke');

    // Admins only; never one's own; only someone with two-factor on.
    expect(await reset(await s.login('dispatcher@example.com', true), engineer)).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } });
    expect(await reset(admin, s.ids['admin@example.com']!)).toMatchObject({ status: 'rejected', error: { code: 'own_account', field: 'args.userId' } });
    expect(await reset(admin, s.ids['dispatcher@example.com']!)).toMatchObject({ status: 'rejected', error: { code: 'two_factor_off', field: 'args.userId' } });
    expect(await reset(admin, s.ids['customer@example.com']!)).toMatchObject({ status: 'rejected', error: { code: 'not_staff' } });
    expect(stream.events.some((e) => e.event === 'signed-out')).toBe(false);

    expect(await reset(admin, engineer)).toEqual({ id: 1, status: 'applied', error: null });
    expect((await stream.next((e) => e.event === 'signed-out')).data).toEqual({ reason: 'ended' });
    await stream.ended;
    expect((await s.api('GET', '/api/auth/session', { token: signedIn.body.token })).status).toBe(401);
    const [row] = await s.ctx.db.query<{ actor: number; details: { sessionsEnded: number } }>(
      `SELECT actor_user_id AS actor, details FROM audit_log WHERE action = 'staff.two_factor.reset' AND entity_id = $1`, [engineer]);
    expect(row).toMatchObject({ actor: s.ids['admin@example.com'], details: { sessionsEnded: expect.any(Number) } });
    expect(row!.details.sessionsEnded).toBeGreaterThanOrEqual(2);
    const team = await s.api('GET', '/api/admin/staff', { token: admin });
    expect(team.body.people.find((p: { id: number }) => p.id === engineer).twoFactor).toBe(false);
    // Not required: the password alone signs in again, and setting up a new phone is up to them.
    expect((await login('engineer@example.com')).status).toBe(200);
    expect((await reset(admin, engineer)).error.code).toBe('two_factor_off');

    // Required for all staff: a reset person sets it up again at their next sign-in.
    expect((await s.api('PUT', '/api/admin/settings/two-factor', { token: admin, body: { requiredForStaff: true } })).status).toBe(200);
    const billing = s.ids['billing@example.com']!;
    expect(await reset(admin, billing)).toMatchObject({ status: 'applied' });
    const asked = await login('billing@example.com');
    expect(asked).toMatchObject({ status: 401, body: { error: 'two_factor_enrolment_required', enrolment: { secret: expect.any(String) } } });
    const again = await login('billing@example.com', { code: await code(asked.body.enrolment.secret) });
    expect(again.status).toBe(200);
    expect(again.body.recoveryCodes).toHaveLength(10);
    s.clock.advance(60_000);
    await s.api('PUT', '/api/admin/settings/two-factor', { token: admin, body: { requiredForStaff: false } });
  });

  it('keeps the secret sealed and the recovery codes hashed in the database', async () => {
    const rows = await s.ctx.db.query<{ secret_ciphertext: Uint8Array }>('SELECT secret_ciphertext FROM staff_totp');
    expect(rows.length).toBeGreaterThan(0);
    const codes = await s.ctx.db.query<{ code_hash: string }>('SELECT code_hash FROM recovery_codes');
    for (const c of codes) expect(c.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
