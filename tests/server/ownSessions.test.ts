/**
 * A user's own sessions (GET /api/auth/sessions, DELETE /api/auth/sessions/:id, "sign out
 * everywhere") and the live streams that end with them: the console's /api/sync/events and
 * the portal's customer stream close at once (not at the next heartbeat) on logout, on ending
 * the session from another device, on a password change (a customer's on the portal, a staff
 * member's in the console); on PostgreSQL also on a second server process.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffHeartbeatMs } from '../../src/server/sync/staffEvents';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';
import { openEvents, type SseStream } from '../support/sseClient';
import { backends, startTestServer, type TestServer } from '../support/testServer';

/** Whether the stream ended within a third of the heartbeat: ended by the event, not by the heartbeat's check. */
async function endsPromptly(stream: SseStream): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([stream.ended.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), staffHeartbeatMs / 3)))]);
  clearTimeout(timer);
  return outcome && stream.events.at(-1)?.event === 'signed-out';
}

describe.each(backends)('own sessions on %s', (backend) => {
  let s: TestServer;
  let second: { url: string; child: ChildProcess } | undefined;
  const login = async (email: string, userAgent: string) => {
    const res = await s.api('POST', '/api/auth/login', { body: { email, password: demoPassword }, headers: { 'user-agent': userAgent } });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  /** A stream URL on the other server process when there is one (PostgreSQL), else on the test server. */
  const streamUrl = (path: string) => `${second?.url ?? s.url}${path}`;

  beforeAll(async () => {
    s = await startTestServer(backend);
    // The second process runs on the system clock (see live.test.ts).
    s.clock.ms = Date.now();
    if (s.databaseUrl) second = await spawnServerProcess({ DATABASE_URL: s.databaseUrl });
  });
  afterAll(async () => {
    if (second) await stopServerProcess(second.child);
    await s.close();
  });

  it('lists own sessions with where and with what they signed in, the current one marked, no tokens', async () => {
    const laptop = await login('dispatcher@example.com', 'Laptop browser');
    const phone = await login('dispatcher@example.com', 'Phone browser');
    const res = await s.api('GET', '/api/auth/sessions', { token: laptop });
    expect(res.status).toBe(200);
    const mine = res.body.sessions.filter((x: { userAgent: string }) => /Laptop|Phone/.test(x.userAgent));
    expect(mine).toEqual(
      expect.arrayContaining([
        { id: expect.any(Number), createdAt: s.clock.now(), lastSeenAt: s.clock.now(), expiresAt: expect.any(Number), ip: '127.0.0.1', userAgent: 'Laptop browser', current: true },
        expect.objectContaining({ userAgent: 'Phone browser', current: false }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain(laptop);
    expect(JSON.stringify(res.body)).not.toContain(phone);
    expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|token_hash/);
  });

  it("ends one session from another device: its requests get 401 and its console stream closes at once", async () => {
    const desk = await login('engineer@example.com', 'Desk');
    const laptop = await login('engineer@example.com', 'Lost laptop');
    const stream = await openEvents(streamUrl('/api/sync/events'), laptop);
    await stream.next((e) => e.event === 'poke');
    const list = (await s.api('GET', '/api/auth/sessions', { token: desk })).body.sessions;
    const lost = list.find((x: { userAgent: string }) => x.userAgent === 'Lost laptop');
    expect((await s.api('DELETE', `/api/auth/sessions/${lost.id}`, { token: desk })).status).toBe(200);
    expect(await endsPromptly(stream)).toBe(true);
    expect((await s.api('GET', '/api/auth/session', { token: laptop })).status).toBe(401);
    expect((await s.api('GET', '/api/auth/session', { token: desk })).status).toBe(200);
    const audit = await s.ctx.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action = 'auth.session.end' AND actor_user_id = $1", [s.ids['engineer@example.com']]);
    expect(audit).toHaveLength(1);
  });

  it("refuses to end another user's session (404), which keeps working", async () => {
    const mine = await login('billing@example.com', 'Mine');
    const theirs = await login('admin@example.com', 'Theirs');
    const [row] = await s.ctx.db.query<{ id: number }>("SELECT id FROM sessions WHERE user_agent = 'Theirs'");
    const res = await s.api('DELETE', `/api/auth/sessions/${row!.id}`, { token: mine });
    expect(res).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await s.api('DELETE', '/api/auth/sessions/0x1', { token: mine })).status).toBe(400);
    expect((await s.api('GET', '/api/auth/session', { token: theirs })).status).toBe(200);
  });

  it('closes the console stream at once on logout', async () => {
    const token = await login('dispatcher@example.com', 'Logout test');
    const stream = await openEvents(streamUrl('/api/sync/events'), token);
    await stream.next((e) => e.event === 'poke');
    expect((await s.api('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect(await endsPromptly(stream)).toBe(true);
  });

  it("signs out everywhere: every session of the user ends and the portal's streams close at once", async () => {
    const a = await login('customer@example.com', 'Browser A');
    const b = await login('customer@example.com', 'Browser B');
    const streams = await Promise.all([a, b].map((t) => openEvents(streamUrl('/api/customer/tickets/events'), t)));
    await Promise.all(streams.map((st) => st.next((e) => e.event === 'ready')));
    const res = await s.api('POST', '/api/auth/sessions/sign-out-everywhere', { token: a });
    expect(res).toMatchObject({ status: 200, body: { ended: expect.any(Number) } });
    expect(res.body.ended).toBeGreaterThanOrEqual(2);
    for (const st of streams) expect(await endsPromptly(st)).toBe(true);
    for (const t of [a, b]) expect((await s.api('GET', '/api/auth/session', { token: t })).status).toBe(401);
  });

  it("closes the other sessions' portal streams at once on a password change, and keeps the changer's", async () => {
    const changer = await login('webmaster@example.com', 'Changer');
    const other = await login('webmaster@example.com', 'Other');
    const [mine, theirs] = await Promise.all([changer, other].map((t) => openEvents(streamUrl('/api/customer/tickets/events'), t)));
    await Promise.all([mine!, theirs!].map((st) => st.next((e) => e.event === 'ready')));
    const res = await s.api('POST', '/api/customer/profile/password', { token: changer, body: { currentPassword: demoPassword, newPassword: 'a changed passphrase' } });
    expect(res.status).toBe(200);
    expect(await endsPromptly(theirs!)).toBe(true);
    expect(mine!.events.some((e) => e.event === 'signed-out')).toBe(false);
    mine!.close();
    const audit = await s.ctx.db.query("SELECT 1 FROM audit_log WHERE action = 'auth.password.change' AND actor_user_id = $1", [s.ids['webmaster@example.com']]);
    expect(audit).toHaveLength(1);
  });

  it("a staff member changes their own password: the current one first, the policy on the new one, audited; the other sessions end and their streams close, this one stays", async () => {
    const consoleToken = await login('dispatcher@example.com', 'Console');
    const laptop = await login('dispatcher@example.com', 'Old laptop');
    const [mine, theirs] = await Promise.all([consoleToken, laptop].map((t) => openEvents(streamUrl('/api/sync/events'), t)));
    await Promise.all([mine!, theirs!].map((st) => st.next((e) => e.event === 'poke')));
    const change = (body: Record<string, string>, token = consoleToken) => s.api('POST', '/api/staff/password', { token, body });
    expect(await change({ currentPassword: 'not my password', newPassword: 'a changed dispatcher passphrase' })).toMatchObject({ status: 400, body: { error: 'wrong_password', field: 'body.currentPassword' } });
    // The shared policy: too short, the e-mail, a common password.
    expect(await change({ currentPassword: demoPassword, newPassword: 'short' })).toMatchObject({ status: 400, body: { field: 'body.newPassword' } });
    expect(await change({ currentPassword: demoPassword, newPassword: 'dispatcher@example.com' })).toMatchObject({ status: 400, body: { error: 'weak_password', field: 'body.newPassword' } });
    expect(await change({ currentPassword: demoPassword, newPassword: 'password1234' })).toMatchObject({ status: 400, body: { error: 'weak_password', field: 'body.newPassword' } });
    expect(theirs!.events.some((e) => e.event === 'signed-out')).toBe(false);
    // Customers use their profile's route.
    expect((await s.api('POST', '/api/staff/password', { token: await s.login('customer@example.com', true), body: { currentPassword: demoPassword, newPassword: 'a changed customer passphrase' } })).status).toBe(403);

    const res = await change({ currentPassword: demoPassword, newPassword: 'a changed dispatcher passphrase' });
    expect(res).toMatchObject({ status: 200, body: { ok: true, sessionsEnded: expect.any(Number) } });
    expect(res.body.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await endsPromptly(theirs!)).toBe(true);
    expect((await s.api('GET', '/api/auth/session', { token: laptop })).status).toBe(401);
    expect((await s.api('GET', '/api/auth/session', { token: consoleToken })).status).toBe(200);
    expect(mine!.events.some((e) => e.event === 'signed-out')).toBe(false);
    mine!.close();
    const [row] = await s.ctx.db.query<{ details: { sessionsEnded: number } }>("SELECT details FROM audit_log WHERE action = 'auth.password.change' AND actor_user_id = $1", [s.ids['dispatcher@example.com']]);
    expect(row!.details.sessionsEnded).toBe(res.body.sessionsEnded);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'dispatcher@example.com', password: demoPassword } })).status).toBe(401);
    expect((await s.api('POST', '/api/auth/login', { body: { email: 'dispatcher@example.com', password: 'a changed dispatcher passphrase' } })).status).toBe(200);
  });
});
