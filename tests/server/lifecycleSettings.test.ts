/**
 * Admins change the life-cycle periods and targets; each new value applies to clocks that
 * start after it, never to a deadline already promised. Every staff console reads them.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLifecycleSettings } from '../../src/shared/domain/model';
import { backends, startTestServer, type TestServer } from '../support/testServer';
import { spawnServerProcess, stopServerProcess } from '../support/serverProcess';
import { answeredTicket, createTicket, HOUR, StaffConsole, ticketRow } from '../support/lifecycle';

const url = '/api/admin/settings/lifecycle';

describe.each(backends)('life-cycle settings on %s', (backend) => {
  let s: TestServer;
  let admin: string;

  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await s.login('admin@example.com');
  });
  afterAll(() => s.close());

  it('reads the defaults of the seed', async () => {
    const res = await s.api('GET', url, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(defaultLifecycleSettings);
  });

  it('refuses invalid values with the field and the reason, and other roles outright', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...defaultLifecycleSettings, preCloseAfterMs: 0 }, 'body.preCloseAfterMs', /more than 0/],
      [{ ...defaultLifecycleSettings, closeAfterMs: 1.5 }, 'body.closeAfterMs', /whole number of milliseconds/],
      [{ ...defaultLifecycleSettings, reopenWindowMs: '14 days' }, 'body.reopenWindowMs', /milliseconds/],
      [{ ...defaultLifecycleSettings, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, major: -1 } }, 'body.turnaroundMs.major', /more than 0/],
      [{ ...defaultLifecycleSettings, turnaroundMs: { hotRush: 1, major: 1, normal: 1 } }, 'body.turnaroundMs.minor', /milliseconds/],
      [{ ...defaultLifecycleSettings, hotRushSurcharge: -5 }, 'body.hotRushSurcharge', /negative/],
      [{ ...defaultLifecycleSettings, preCloseAfterMs: 400 * 24 * HOUR }, 'body.preCloseAfterMs', /365 days/],
      [{ ...defaultLifecycleSettings, extra: 1 }, 'body', /unknown field/],
    ];
    for (const [body, field, reason] of cases) {
      const res = await s.api('PUT', url, { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field).toBe(field);
      expect(res.body.message).toMatch(reason);
    }
    const engineer = await s.login('engineer@example.com');
    expect((await s.api('PUT', url, { token: engineer, body: defaultLifecycleSettings })).status).toBe(403);
    expect((await s.api('GET', url, { token: await s.login('customer@example.com') })).status).toBe(403);
    expect((await s.api('GET', url, { token: admin })).body).toEqual(defaultLifecycleSettings);
  });

  it('lets every staff role read the settings for its console, and no customer', async () => {
    const changed = { ...defaultLifecycleSettings, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, normal: 6 * HOUR }, hotRushSurcharge: 9 };
    expect((await s.api('PUT', url, { token: admin, body: changed })).status).toBe(200);
    for (const email of ['dispatcher@example.com', 'engineer@example.com', 'billing@example.com', 'admin@example.com']) {
      const res = await s.api('GET', '/api/sync/settings', { token: await s.login(email) });
      expect(res.status, email).toBe(200);
      expect(res.body, email).toEqual(changed);
    }
    for (const email of ['customer@example.com', 'webmaster@example.com']) expect((await s.api('GET', '/api/sync/settings', { token: await s.login(email) })).status, email).toBe(403);
    expect((await s.api('GET', '/api/sync/settings')).status).toBe(401);
    await s.api('PUT', url, { token: admin, body: defaultLifecycleSettings });
  });

  it('applies new periods and targets to clocks started after the change only', async () => {
    const customer = await s.login('customer@example.com');
    const staff = new StaffConsole(s, admin);
    const early = await answeredTicket(s, customer, staff, { cost: 1 });
    const runningMajor = await createTicket(s, customer, { priority: 'major' });
    const dueBefore = (await ticketRow(s, runningMajor.id)).dueAt;

    const changed = { ...defaultLifecycleSettings, preCloseAfterMs: HOUR, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, major: 2 * HOUR }, hotRushSurcharge: 7 };
    const res = await s.api('PUT', url, { token: admin, body: changed });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(changed);
    const [audit] = await s.ctx.db.query<{ actorUserId: number }>(`SELECT actor_user_id AS "actorUserId" FROM audit_log WHERE action = 'settings.lifecycle.update'`);
    expect(audit!.actorUserId).toBe(s.ids['admin@example.com']);

    const late = await answeredTicket(s, customer, staff, { cost: 1 });
    const newMajor = await createTicket(s, customer, { priority: 'major' });
    expect((await ticketRow(s, newMajor.id)).dueAt).toBe(s.clock.now() + 2 * HOUR);
    // A note rewrites the running ticket, but its clock and target stay as they were.
    await staff.do('ticket.note', { ticketId: runningMajor.id, body: 'checking' });
    expect((await ticketRow(s, runningMajor.id)).dueAt).toBe(dueBefore);

    s.clock.advance(HOUR);
    await s.scheduler.runDue();
    expect((await ticketRow(s, late.id)).status).toBe('pre_closed');
    expect((await ticketRow(s, early.id)).status).toBe('answered');
    s.clock.advance(47 * HOUR);
    await s.scheduler.runDue();
    expect((await ticketRow(s, early.id)).status).toBe('pre_closed');
    await s.api('PUT', url, { token: admin, body: defaultLifecycleSettings });
  });
});

describe('life-cycle settings across server processes on one PostgreSQL', () => {
  let s: TestServer;
  let second: { url: string; child: ChildProcess } | undefined;

  beforeAll(async () => {
    s = await startTestServer('postgres');
    // The second server is a real process on the system clock: sessions must be valid for it.
    s.clock.ms = Date.now();
    second = await spawnServerProcess({ DATABASE_URL: s.databaseUrl! });
  });
  afterAll(async () => {
    if (second) await stopServerProcess(second.child);
    await s.close();
  });

  it('a save through one process reaches the other\'s kept copy at once (NOTIFY), not only after a restart', async () => {
    const admin = await s.login('admin@example.com');
    const read = async () => {
      const res = await fetch(`${second!.url}/api/sync/settings`, { headers: { authorization: `Bearer ${admin}` } });
      expect(res.status).toBe(200);
      return res.json();
    };
    // The second process reads the settings once and keeps them.
    expect(await read()).toEqual(defaultLifecycleSettings);
    const changed = { ...defaultLifecycleSettings, hotRushSurcharge: 11 };
    expect((await s.api('PUT', url, { token: admin, body: changed })).status).toBe(200);
    await expect.poll(read, { timeout: 10_000 }).toEqual(changed);
    await s.api('PUT', url, { token: admin, body: defaultLifecycleSettings });
    await expect.poll(read, { timeout: 10_000 }).toEqual(defaultLifecycleSettings);
  });
});
