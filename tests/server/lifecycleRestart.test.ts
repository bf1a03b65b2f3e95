/**
 * The life cycle runs unattended: the server's own timer drives the scheduler, and all its
 * state is in the database, so a server stopped and started again (or another process)
 * picks up due tickets and unsent emails where the last one left them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/server/db/database';
import { startTestServer, type TestServer } from '../support/testServer';
import { answeredTicket, CapturedMail, DAY, HOUR, StaffConsole, ticketRow } from '../support/lifecycle';

describe('the scheduler on its own timer', () => {
  it('pre-closes a due ticket and sends its email without anyone calling runDue', async () => {
    const mail = new CapturedMail();
    const s = await startTestServer('pglite', { mailTransport: mail, config: { lifecycleIntervalMs: 100, emailIntervalMs: 100 } });
    try {
      const customer = await s.login('customer@example.com');
      const staff = new StaffConsole(s, await s.login('admin@example.com'));
      const t = await answeredTicket(s, customer, staff, { cost: 2 });
      s.clock.advance(48 * HOUR);
      await expect.poll(async () => (await ticketRow(s, t.id)).status === 'pre_closed', { timeout: 10_000, message: 'the pre-close' }).toBe(true);
      await expect.poll(async () => mail.sent.some((m) => m.subject.startsWith(`[#${t.number}] Pre-closed`)), { timeout: 10_000, message: 'the pre-closed email' }).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('a restart on PostgreSQL', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close().catch(() => undefined);
  });

  it('resumes: the next process closes and charges the due ticket and sends the emails the first could not', async () => {
    const mailA = new CapturedMail();
    mailA.down = true;
    const a = await startTestServer('postgres', { mailTransport: mailA });
    servers.push(a);
    const customer = await a.login('customer@example.com');
    const staff = new StaffConsole(a, await a.login('admin@example.com'));
    const t = await answeredTicket(a, customer, staff, { cost: 3 });
    a.clock.advance(48 * HOUR);
    await a.scheduler.runDue();
    expect((await a.emailSender.runDue()).retrying).toBe(2);
    await a.close();

    const mailB = new CapturedMail();
    const b = await startTestServer('postgres', { db: await openPostgres(a.databaseUrl!), mailTransport: mailB });
    servers.push(b);
    b.clock.ms = a.clock.ms + 3 * DAY;
    await b.scheduler.runDue();
    expect(await ticketRow(b, t.id)).toMatchObject({ status: 'closed', chargedPoints: 3 });
    expect((await b.emailSender.runDue()).sent).toBe(3);
    expect(mailB.sent.map((m) => m.subject.split(':')[0])).toEqual([`[#${t.number}] New reply`, `[#${t.number}] Pre-closed`, `[#${t.number}] Closed`]);
  });
});
