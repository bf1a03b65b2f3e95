/**
 * The life-cycle settings through the console API (web host, real console core, real server):
 * an admin reads and saves them online, bad values are refused naming the field, the console's
 * own clocks and charge preview follow a save at once (new targets for new clocks only, as the
 * server does), a change made elsewhere arrives with the next pull, other roles are refused by
 * the server, and offline the console says the settings need the server.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultLifecycleSettings, type LifecycleSettings } from '../../src/shared/domain/model';
import { createCustomerTicket, SocketClient, soon, startConsoleStack, type ConsoleStack, type NewTicket } from './support/consoleStack';

const hour = 3_600_000;
const url = '/api/admin/settings/lifecycle';

describe('life-cycle settings in the console', () => {
  let stack: ConsoleStack;
  let client: SocketClient;
  let ticket: NewTicket;
  const withTargets = (targets: Partial<LifecycleSettings['turnaroundMs']>, rest: Partial<LifecycleSettings> = {}): LifecycleSettings => ({
    ...defaultLifecycleSettings, ...rest, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, ...targets },
  });
  const detail = (ticketId: number) => client.call('ticket.detail', { ticketId });

  beforeAll(async () => {
    stack = await startConsoleStack();
    ticket = await createCustomerTicket(stack.server, 'Shop is down', { priority: 'major', hotRush: true });
    client = await SocketClient.connect(stack.web.url);
    await client.call('auth.signIn', { serverUrl: stack.server.url, email: 'admin@example.com', password: 'switchboard' });
    await stack.core.firstSync();
  });
  afterAll(async () => {
    client?.close();
    await stack?.close();
  });

  it('reads the server\'s settings, and refuses bad values naming the field and the reason', async () => {
    expect(await client.call('settings.getLifecycle')).toEqual(defaultLifecycleSettings);
    const zero = await client.request('settings.saveLifecycle', withTargets({ major: 0 }));
    expect(zero).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'turnaroundMs.major' } });
    expect(!zero.ok && zero.error.message).toMatch(/more than 0/);
    const { hotRushSurcharge: _, ...missing } = defaultLifecycleSettings;
    expect(await client.request('settings.saveLifecycle', missing)).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'hotRushSurcharge' } });
    expect((await stack.server.api('GET', url, { token: await stack.server.login('admin@example.com') })).body).toEqual(defaultLifecycleSettings);
  });

  it('saves on the server, and this console\'s surcharge and new clocks follow at once', async () => {
    const before = (await detail(ticket.id)).ticket;
    expect(before.dueAt).toBe(before.clockStartedAt + hour); // HotRush: 1h
    expect((await detail(ticket.id)).hotRushSurcharge).toBe(5);

    const changed = withTargets({ hotRush: 3 * hour, major: 2 * hour }, { hotRushSurcharge: 7 });
    expect(await client.call('settings.saveLifecycle', changed)).toEqual(changed);
    expect((await stack.server.api('GET', url, { token: await stack.server.login('admin@example.com') })).body).toEqual(changed);

    const after = await detail(ticket.id);
    expect(after.hotRushSurcharge).toBe(7);
    // The running clock keeps the target it started with.
    expect(after.ticket.dueAt).toBe(before.dueAt);

    // Dropping HotRush is a new target for this clock: the local copy uses the new major target, as the server will.
    await client.call('ticket.setHotRush', { ticketId: ticket.id, hotRush: false });
    const local = await detail(ticket.id);
    expect(local).toMatchObject({ pending: true, ticket: { hotRush: false, dueAt: before.clockStartedAt + 2 * hour } });
    const synced = await vi.waitFor(async () => {
      const d = await detail(ticket.id);
      expect(d.pending, 'HotRush change confirmed').toBe(false);
      return d;
    }, soon);
    expect(synced.ticket.dueAt).toBe(before.clockStartedAt + 2 * hour);
    const [row] = await stack.server.ctx.db.query<{ dueAt: string }>('SELECT due_at AS "dueAt" FROM tickets WHERE id = $1', [ticket.id]);
    expect(Number(row!.dueAt)).toBe(before.clockStartedAt + 2 * hour);

    // A note on the same clock keeps its due time locally, whatever the target is now.
    await client.call('settings.saveLifecycle', withTargets({ major: 10 * hour }, { hotRushSurcharge: 7 }));
    await client.call('ticket.note', { ticketId: ticket.id, body: 'Looking into it' });
    expect((await detail(ticket.id)).ticket.dueAt).toBe(before.clockStartedAt + 2 * hour);
  });

  it('learns settings changed elsewhere with its next pull, and tells the screens', async () => {
    const admin = await stack.server.login('admin@example.com');
    const seen = client.events.length;
    expect((await stack.server.api('PUT', url, { token: admin, body: withTargets({}, { hotRushSurcharge: 11 }) })).status).toBe(200);
    // Any change on the server pokes the console, which pulls and reads the settings again.
    await createCustomerTicket(stack.server, 'Another question');
    await expect.poll(async () => (await detail(ticket.id)).hotRushSurcharge, { ...soon, message: 'new surcharge in the console' }).toBe(11);
    const told = client.events.slice(seen).some((e) => e.event === 'entitiesChanged' && (e.payload as { entities: string[] }).entities.includes('settings'));
    expect(told).toBe(true);
  });

  it('is refused by the server for roles other than admin', async () => {
    await client.call('auth.signOut');
    await client.call('auth.signIn', { serverUrl: stack.server.url, email: 'engineer@example.com', password: 'switchboard' });
    await stack.core.firstSync();
    const read = await client.request('settings.getLifecycle', {});
    expect(read).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const save = await client.request('settings.saveLifecycle', defaultLifecycleSettings);
    expect(save).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await stack.server.api('GET', url, { token: await stack.server.login('admin@example.com') })).body).toMatchObject({ hotRushSurcharge: 11 });
  });

  it('says offline that the settings live on the server', async () => {
    await client.call('auth.signOut');
    await client.call('auth.signIn', { serverUrl: stack.server.url, email: 'admin@example.com', password: 'switchboard' });
    await stack.core.firstSync();
    await stack.server.close();
    // Closed here; the stack's own close must not close it twice.
    stack.server.close = async () => undefined;
    const read = await client.request('settings.getLifecycle', {});
    expect(read).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    expect(!read.ok && read.error.message).toMatch(/^the life-cycle settings live on the server; connect to change them \(cannot reach the server at http/);
    expect(await client.request('settings.saveLifecycle', defaultLifecycleSettings)).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
    // The cached ticket still shows, with the surcharge this console last learned.
    expect((await detail(ticket.id)).hotRushSurcharge).toBe(11);
  });
});
