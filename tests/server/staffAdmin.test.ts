/**
 * Staff and departments through /api/sync/push, on PGlite and PostgreSQL: an admin invites a
 * person (hashed single-use link by email, an hour), the link sets the first password, resend
 * and cancel; name, role and department changes; deactivation ends every session at once
 * (401, the live stream closes saying why) and reactivation lets a new sign-in work; a role
 * change sends the console's cursor back to a bootstrap; departments by id (rename breaks
 * nothing, archive refused while open tickets remain and saying how many, an archived one
 * takes no new tickets); every act audited and readable by admins only, also as CSV.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBootstrapPage, parseCursor } from '../../src/shared/sync/protocol';
import { browserSession } from '../support/browserSession';
import { openEvents } from '../support/sseClient';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const HOUR = 3_600_000;

describe.each(backends)('staff administration on %s', (backend) => {
  let s: TestServer;
  let admin: string;
  let clients = 0;
  let dept: Record<string, number>;
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => s.ctx.db.query<T>(text, params);

  /** One mutation in a push of its own (a fresh client), answering its result. */
  async function push(token: string, name: string, args: unknown) {
    const res = await s.api('POST', '/api/sync/push', { token, body: { clientId: `staff-test-${++clients}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results[0] as { status: 'applied' | 'rejected'; error: { code: string; message: string; field?: string } | null };
  }
  const applied = async (token: string, name: string, args: unknown) => expect(await push(token, name, args)).toMatchObject({ status: 'applied', error: null });
  const inviteEmail = async (to: string) => {
    const rows = await q<{ text: string; subject: string }>('SELECT text_body AS text, subject FROM email_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1', [to]);
    return rows[0]!;
  };
  const tokenIn = (text: string) => /\/set-password\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;
  const userId = async (email: string) => (await q<{ id: number }>('SELECT id FROM users WHERE email = $1', [email]))[0]!.id;
  const login = (email: string, password: string) => s.api('POST', '/api/auth/login', { body: { email, password } });
  async function setPassword(token: string, password: string) {
    const b = await browserSession(s.url);
    return b.request('POST', '/api/auth/set-password', { body: { token, password } });
  }
  async function audit(filters: Record<string, string | number | undefined> = {}) {
    const res = await s.api('GET', `/api/admin/audit?${new URLSearchParams(Object.entries(filters).map(([k, v]): [string, string] => [k, String(v)]))}`, { token: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.entries as Array<{ action: string; entityId: number; actorUserId: number; accountId: number | null; details: Record<string, unknown> }>;
  }

  beforeAll(async () => {
    s = await startTestServer(backend);
    admin = await s.login('admin@example.com');
    dept = Object.fromEntries((await q<{ id: number; name: string }>('SELECT id, name FROM departments')).map((d) => [d.name, Number(d.id)]));
  });
  afterAll(() => s.close());

  it('invites a person with a hashed single-use link valid an hour, which sets the first password and signs in', async () => {
    await applied(admin, 'staff.invite', { email: 'New.Engineer@Example.com', name: 'Nina New', role: 'staff.engineer', departmentIds: [dept['Tech support']] });
    const id = await userId('new.engineer@example.com');
    const mail = await inviteEmail('new.engineer@example.com');
    expect(mail.subject).toMatch(/invited to the Switchboard staff console/);
    expect(mail.text).toMatch(/works once, for one hour/);
    const token = tokenIn(mail.text);
    // Only the hash is stored, and the link lives one hour.
    const [link] = await q<{ token_hash: string; expires_at: number; created_at: number }>(`SELECT token_hash, expires_at, created_at FROM user_links WHERE user_id = $1`, [id]);
    expect(link!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(Number(link!.expires_at) - Number(link!.created_at)).toBe(HOUR);
    // No password yet: nothing signs in.
    expect((await login('new.engineer@example.com', '')).status).toBe(400);
    expect((await login('new.engineer@example.com', 'anything-at-all')).status).toBe(401);
    // The team lists the pending invitation.
    const team = await s.api('GET', '/api/admin/staff', { token: admin });
    expect(team.body.people.find((p: { id: number }) => p.id === id)).toMatchObject({ role: 'staff.engineer', departmentIds: [dept['Tech support']], lastSignInAt: null, invitation: { expired: false } });

    expect((await setPassword(token, 'a long new password')).status).toBe(200);
    expect((await setPassword(token, 'another long password')).body.error).toBe('link_used');
    const signedIn = await login('new.engineer@example.com', 'a long new password');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ role: 'staff.engineer', departmentIds: [dept['Tech support']] });
    const after = await s.api('GET', '/api/admin/staff', { token: admin });
    expect(after.body.people.find((p: { id: number }) => p.id === id)).toMatchObject({ invitation: null, lastSignInAt: s.clock.now() });
    expect((await audit({ action: 'staff.invite' }))[0]).toMatchObject({ entityId: id, actorUserId: s.ids['admin@example.com'], details: { email: 'new.engineer@example.com', role: 'staff.engineer' } });
  });

  it('refuses bad invitations naming the field, and a taken email', async () => {
    expect(await push(admin, 'staff.invite', { email: 'not-an-email', name: 'X', role: 'staff.engineer', departmentIds: [] })).toMatchObject({ status: 'rejected', error: { code: 'validation_failed', field: 'args.email' } });
    expect(await push(admin, 'staff.invite', { email: 'x@example.com', name: ' ', role: 'staff.engineer', departmentIds: [] })).toMatchObject({ error: { field: 'args.name' } });
    expect(await push(admin, 'staff.invite', { email: 'x@example.com', name: 'X', role: 'customer.primary', departmentIds: [] })).toMatchObject({ error: { field: 'args.role' } });
    expect(await push(admin, 'staff.invite', { email: 'x@example.com', name: 'X', role: 'staff.engineer', departmentIds: [1, 1] })).toMatchObject({ error: { field: 'args.departmentIds' } });
    expect(await push(admin, 'staff.invite', { email: 'x@example.com', name: 'X', role: 'staff.engineer', departmentIds: [999_999] })).toMatchObject({ error: { code: 'unknown_department', field: 'args.departmentIds.0' } });
    expect(await push(admin, 'staff.invite', { email: 'ENGINEER@example.com', name: 'X', role: 'staff.engineer', departmentIds: [] })).toMatchObject({ error: { code: 'email_taken', field: 'args.email' } });
    expect((await q(`SELECT 1 FROM users WHERE email = 'x@example.com'`)).length).toBe(0);
  });

  it('resends an invitation (the earlier link stops working) and cancels one (the person goes)', async () => {
    await applied(admin, 'staff.invite', { email: 'twice@example.com', name: 'Tom Twice', role: 'staff.dispatcher', departmentIds: [] });
    const id = await userId('twice@example.com');
    const first = tokenIn((await inviteEmail('twice@example.com')).text);
    s.clock.advance(1000);
    await applied(admin, 'staff.resendInvitation', { userId: id });
    const second = tokenIn((await inviteEmail('twice@example.com')).text);
    expect(second).not.toBe(first);
    expect((await setPassword(first, 'a long new password')).body.error).toBe('link_expired');
    await applied(admin, 'staff.cancelInvitation', { userId: id });
    expect((await q('SELECT 1 FROM users WHERE id = $1', [id])).length).toBe(0);
    expect((await setPassword(second, 'a long new password')).body.error).toBe('link_invalid');
    // A person who set the password has no invitation to resend or cancel.
    const set = await userId('new.engineer@example.com');
    expect(await push(admin, 'staff.cancelInvitation', { userId: set })).toMatchObject({ error: { code: 'not_invited', field: 'args.userId' } });
    expect(await push(admin, 'staff.resendInvitation', { userId: s.ids['customer@example.com'] })).toMatchObject({ error: { code: 'not_staff' } });
    expect((await audit({ action: 'staff.invitation.' })).map((e) => e.action)).toEqual(['staff.invitation.cancel', 'staff.invitation.resend']);
  });

  it('expires an invitation after an hour', async () => {
    await applied(admin, 'staff.invite', { email: 'late@example.com', name: 'Lee Late', role: 'staff.billing', departmentIds: [] });
    const token = tokenIn((await inviteEmail('late@example.com')).text);
    s.clock.advance(HOUR);
    const team = await s.api('GET', '/api/admin/staff', { token: admin });
    expect(team.body.people.find((p: { email: string }) => p.email === 'late@example.com').invitation.expired).toBe(true);
    expect((await setPassword(token, 'a long new password')).body.error).toBe('link_expired');
  });

  it('deactivation ends every session at once: 401, the live stream closes saying why, pushes refused; reactivation and a new sign-in work', async () => {
    const id = await userId('new.engineer@example.com');
    const a = (await login('new.engineer@example.com', 'a long new password')).body.token as string;
    const b = (await login('new.engineer@example.com', 'a long new password')).body.token as string;
    const stream = await openEvents(`${s.url}/api/sync/events`, a);
    await stream.next((e) => e.event === 'poke');
    await applied(admin, 'staff.deactivate', { userId: id });
    const signedOut = await stream.next((e) => e.event === 'signed-out', 5000);
    expect(signedOut.data).toEqual({ reason: 'deactivated' });
    await stream.ended;
    // Every session's requests get 401, saying why.
    for (const t of [a, b]) expect(await s.api('GET', '/api/auth/session', { token: t })).toMatchObject({ status: 401, body: { error: 'account_deactivated' } });
    expect((await s.api('POST', '/api/sync/push', { token: b, body: { clientId: 'deactivated-client', mutations: [] } })).status).toBe(401);
    expect((await login('new.engineer@example.com', 'a long new password')).status).toBe(401);
    expect(await push(admin, 'staff.deactivate', { userId: id })).toMatchObject({ error: { code: 'already_inactive' } });

    await applied(admin, 'staff.reactivate', { userId: id });
    // The old sessions stay ended (plain 401 now: they are gone); a new sign-in works.
    expect(await s.api('GET', '/api/auth/session', { token: a })).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    const fresh = await login('new.engineer@example.com', 'a long new password');
    expect(fresh.status).toBe(200);
    expect((await audit({ actorUserId: s.ids['admin@example.com'], action: 'staff.' })).slice(0, 2).map((e) => e.action)).toEqual(['staff.reactivate', 'staff.deactivate']);
  });

  it('an admin cannot deactivate or demote themself, and only staff are managed', async () => {
    const me = s.ids['admin@example.com']!;
    expect(await push(admin, 'staff.deactivate', { userId: me })).toMatchObject({ error: { code: 'own_account', field: 'args.userId' } });
    expect(await push(admin, 'staff.update', { userId: me, role: 'staff.engineer' })).toMatchObject({ error: { code: 'own_role', field: 'args.role' } });
    expect(await push(admin, 'staff.deactivate', { userId: s.ids['customer@example.com'] })).toMatchObject({ error: { code: 'not_staff' } });
    expect(await push(admin, 'staff.update', { userId: 999_999, name: 'Nobody' })).toMatchObject({ error: { code: 'not_found', field: 'args.userId' } });
    expect(await push(admin, 'staff.update', { userId: me })).toMatchObject({ error: { code: 'validation_failed', field: 'args.name' } });
  });

  it('a role or department change moves the scopes: the old cursor is refused (409) and a bootstrap sends only the new scopes', async () => {
    const id = await userId('new.engineer@example.com');
    const customer = await s.login('customer@example.com');
    const tech = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject: 'tech only ticket', body: 'x' } });
    const token = (await login('new.engineer@example.com', 'a long new password')).body.token as string;
    const boot = async () => parseBootstrapPage((await s.api('GET', '/api/sync/bootstrap?limit=20000', { token })).body as string);
    const before = await boot();
    expect(before.rows.some((r) => r.entity === 'ticket' && r.row.number === tech.body.number)).toBe(true);
    const cursor = before.end.snapshotCursor;
    expect((await s.api('GET', `/api/sync/changes?cursor=${cursor}`, { token })).status).toBe(200);
    // The old format, the bare epoch, cannot tell a scope change: only a read from 0 is taken with it.
    const { epoch: scoped, seq } = parseCursor(cursor);
    expect(seq).toBeGreaterThan(0);
    const old = await s.api('GET', `/api/sync/changes?cursor=${s.ctx.epoch}:${seq}`, { token });
    expect(old).toMatchObject({ status: 409, body: { error: 'cursor_scopes_unknown', field: 'query.cursor' } });
    const fromZero = await s.api('GET', `/api/sync/changes?cursor=${s.ctx.epoch}:0&limit=1`, { token });
    expect(parseCursor(fromZero.body.cursor).epoch).toBe(scoped);

    await applied(admin, 'staff.update', { userId: id, departmentIds: [dept.Sales] });
    const refused = await s.api('GET', `/api/sync/changes?cursor=${cursor}`, { token });
    expect(refused).toMatchObject({ status: 409, body: { error: 'cursor_scopes_changed', field: 'query.cursor' } });
    const after = await boot();
    expect(after.rows.some((r) => r.entity === 'ticket' && r.row.departmentId === dept['Tech support'])).toBe(false);
    expect((await s.api('GET', `/api/sync/changes?cursor=${after.end.snapshotCursor}`, { token })).status).toBe(200);
    expect((await audit({ action: 'staff.update' }))[0]).toMatchObject({ entityId: id, details: { before: { departmentIds: [dept['Tech support']] }, after: { departmentIds: [dept.Sales] } } });
  });

  it('departments: created and renamed by id (routing keeps working), archive refused while open tickets remain, then no new tickets go there', async () => {
    expect(await push(admin, 'department.create', { name: '' })).toMatchObject({ error: { field: 'args.name' } });
    expect(await push(admin, 'department.create', { name: 'sales' })).toMatchObject({ error: { code: 'department_name_taken', field: 'args.name' } });
    await applied(admin, 'department.create', { name: 'Hardware' });
    const hw = Number((await q<{ id: number }>(`SELECT id FROM departments WHERE name = 'Hardware'`))[0]!.id);

    // Renaming the department that takes tech tickets: new tech tickets still go to it (by id).
    await applied(admin, 'department.rename', { departmentId: dept['Tech support'], name: 'Technical support' });
    const customer = await s.login('customer@example.com');
    const make = async (subject: string) => (await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'tech', subject, body: 'x' } })).body.number as number;
    const ticketOf = async (number: number) => (await q<{ id: number; department_id: number | null }>('SELECT id, department_id FROM tickets WHERE number = $1', [number]))[0]!;
    expect(Number((await ticketOf(await make('after rename'))).department_id)).toBe(dept['Tech support']);

    const dispatcher = await s.login('dispatcher@example.com');
    const moved = await ticketOf(await make('to hardware'));
    await applied(dispatcher, 'ticket.forward', { ticketId: moved.id, departmentId: hw });
    const refusal = await push(admin, 'department.archive', { departmentId: hw });
    expect(refusal).toMatchObject({ status: 'rejected', error: { code: 'department_has_open_tickets', field: 'args.departmentId' } });
    expect(refusal.error!.message).toMatch(/1 open ticket/);
    await applied(dispatcher, 'ticket.close', { ticketId: moved.id });
    await applied(admin, 'department.archive', { departmentId: hw });
    expect(await push(admin, 'department.archive', { departmentId: hw })).toMatchObject({ error: { code: 'already_archived' } });

    // An archived department takes no new tickets (forward, classify) and no new people.
    const another = await ticketOf(await make('not to hardware'));
    expect(await push(dispatcher, 'ticket.forward', { ticketId: another.id, departmentId: hw })).toMatchObject({ error: { code: 'department_archived', field: 'args.departmentId' } });
    expect(await push(dispatcher, 'ticket.classify', { ticketId: another.id, type: 'tech', departmentId: hw, cost: 1 })).toMatchObject({ error: { code: 'department_archived' } });
    expect(await push(admin, 'staff.invite', { email: 'hw@example.com', name: 'H W', role: 'staff.engineer', departmentIds: [hw] })).toMatchObject({ error: { code: 'department_archived', field: 'args.departmentIds.0' } });

    // Archiving the department that takes a type: its new tickets wait for a dispatcher instead.
    const techOpen = await q<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE department_id = $1 AND status <> 'closed'`, [dept['Tech support']]);
    const archiveTech = await push(admin, 'department.archive', { departmentId: dept['Tech support'] });
    expect(archiveTech.error!.message).toContain(`${techOpen[0]!.n} open ticket`);
    await q(`UPDATE tickets SET status = 'closed' WHERE department_id = $1`, [dept['Tech support']]);
    await applied(admin, 'department.archive', { departmentId: dept['Tech support'] });
    expect((await ticketOf(await make('no tech department'))).department_id).toBeNull();

    const team = await s.api('GET', '/api/admin/staff', { token: admin });
    expect(team.body.departments.find((d: { id: number }) => d.id === hw)).toMatchObject({ name: 'Hardware', openTickets: 0, archivedAt: s.clock.now() });
    expect((await audit({ action: 'department.' })).map((e) => e.action)).toEqual(['department.archive', 'department.archive', 'department.rename', 'department.create']);
  });

  it('never leaves an open ticket in an archived department when a forward and the archive race', async () => {
    const customer = await s.login('customer@example.com');
    const dispatcher = await s.login('dispatcher@example.com');
    for (let round = 0; round < 5; round++) {
      await applied(admin, 'department.create', { name: `Race ${round}` });
      const target = Number((await q<{ id: number }>('SELECT id FROM departments WHERE name = $1', [`Race ${round}`]))[0]!.id);
      const made = await s.api('POST', '/api/customer/tickets', { token: customer, body: { type: 'sales', subject: `race ${round}`, body: 'x' } });
      const ticketId = Number((await q<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [made.body.number]))[0]!.id);
      const [forward, archive] = await Promise.all([
        push(dispatcher, 'ticket.forward', { ticketId, departmentId: target }),
        push(admin, 'department.archive', { departmentId: target }),
      ]);
      // One of the two wins; the other is refused for the reason the winner made.
      if (archive.status === 'applied') expect(forward.error?.code, JSON.stringify(forward)).toBe('department_archived');
      else expect(archive.error?.code).toBe('department_has_open_tickets');
      const stranded = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM tickets t JOIN departments d ON d.id = t.department_id WHERE d.archived_at IS NOT NULL AND t.status <> 'closed'`,
      );
      expect(stranded[0]!.n).toBe(0);
    }
  });

  it('audits billing decisions and ledger adjustments with their account, filters by account and time, exports CSV', async () => {
    const accountId = (await q<{ account_id: number }>(`SELECT account_id FROM users WHERE email = 'customer@example.com'`))[0]!.account_id;
    const billing = await s.login('billing@example.com');
    const from = s.clock.now();
    s.clock.advance(1000);
    await applied(billing, 'ledger.adjust', { accountId: Number(accountId), points: 5, reason: 'goodwill, "thanks"' });
    await applied(billing, 'invoice.issue', { accountId: Number(accountId), description: '=HYPERLINK("x")', amountCents: 100, items: [{ type: 'service', name: 'Setup', priceCents: 100 }] });
    const entries = await audit({ accountId: Number(accountId), from });
    expect(entries.map((e) => e.action)).toEqual(['invoice.issue', 'ledger.adjust']);
    expect(entries[1]).toMatchObject({ actorUserId: s.ids['billing@example.com'], accountId: Number(accountId), details: { points: 5, reason: 'goodwill, "thanks"' } });
    expect(await audit({ accountId: Number(accountId), to: from })).toEqual([]);

    const csv = await fetch(`${s.url}/api/admin/audit.csv?accountId=${accountId}&from=${from}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,time,actor_id,actor,action,entity,entity_id,account_id,details');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',invoice.issue,invoice,');
    // Details are JSON in one quoted field; a value a spreadsheet would run stays text.
    expect(lines[1]).toContain('""description"":""=HYPERLINK');
    expect(lines[2]).toContain('Bill Billing,ledger.adjust');

    const bad = await s.api('GET', `/api/admin/audit?from=10&to=5`, { token: admin });
    expect(bad).toMatchObject({ status: 400, body: { field: 'query.to' } });
    expect((await s.api('GET', `/api/admin/audit?action=DROP TABLE`, { token: admin })).body.field).toBe('query.action');
    expect((await s.api('GET', '/api/admin/audit', { token: billing })).status).toBe(403);
  });
});
