/**
 * The staff rules shared by the server and the console: who may run the team, what a change
 * to a person refuses, when a department may be archived, and the audit CSV's fields (quoted
 * per RFC 4180, and a value a spreadsheet would run as a formula kept as text).
 */
import { describe, expect, it } from 'vitest';
import { auditCsvLine, csvField } from '../../src/shared/api/staffAdmin';
import { roles } from '../../src/shared/domain/model';
import { decideArchive, decideStaffChange, departmentTakesWork, staffMutationArgs } from '../../src/shared/staff/staffRules';
import { mayTakeAction } from '../../src/shared/tickets/permissions';

const engineer = { id: 7, role: 'staff.engineer' as const, active: true, pending: false };

describe('staff rules', () => {
  it('lets only admins run the team, the departments and the audit log', () => {
    for (const action of ['manage_staff', 'manage_departments', 'read_audit'] as const) {
      expect(roles.filter((r) => mayTakeAction(r, action)), action).toEqual(['staff.admin']);
    }
  });

  it('refuses an admin changing their own role or deactivating themself, and any change to a customer', () => {
    expect(decideStaffChange(7, { ...engineer, role: 'staff.admin' }, { kind: 'update', role: 'staff.engineer' })).toMatchObject({ ok: false, code: 'own_role', field: 'role' });
    expect(decideStaffChange(7, { ...engineer, role: 'staff.admin' }, { kind: 'update', role: 'staff.admin' })).toEqual({ ok: true });
    expect(decideStaffChange(7, engineer, { kind: 'deactivate' })).toMatchObject({ ok: false, code: 'own_account' });
    expect(decideStaffChange(1, engineer, { kind: 'deactivate' })).toEqual({ ok: true });
    expect(decideStaffChange(1, { ...engineer, active: false }, { kind: 'deactivate' })).toMatchObject({ code: 'already_inactive' });
    expect(decideStaffChange(1, engineer, { kind: 'reactivate' })).toMatchObject({ code: 'already_active' });
    expect(decideStaffChange(1, { ...engineer, role: 'customer.primary' }, { kind: 'update' })).toMatchObject({ code: 'not_staff', field: 'userId' });
  });

  it('resends or cancels only a pending invitation of an active person', () => {
    expect(decideStaffChange(1, engineer, { kind: 'resend' })).toMatchObject({ code: 'not_invited' });
    expect(decideStaffChange(1, { ...engineer, pending: true }, { kind: 'cancel' })).toEqual({ ok: true });
    expect(decideStaffChange(1, { ...engineer, pending: true, active: false }, { kind: 'resend' })).toMatchObject({ code: 'already_inactive' });
  });

  it('archives a department only without open tickets, saying how many, and an archived one takes no work', () => {
    expect(decideArchive({ id: 3, archivedAt: null }, 0)).toEqual({ ok: true });
    expect(decideArchive({ id: 3, archivedAt: null }, 1)).toMatchObject({ code: 'department_has_open_tickets', reason: expect.stringContaining('1 open ticket;') });
    expect(decideArchive({ id: 3, archivedAt: null }, 12)).toMatchObject({ reason: expect.stringContaining('12 open tickets') });
    expect(decideArchive({ id: 3, archivedAt: 5 }, 0)).toMatchObject({ code: 'already_archived' });
    expect(departmentTakesWork(undefined, 'departmentIds.0')).toMatchObject({ code: 'unknown_department', field: 'departmentIds.0' });
    expect(departmentTakesWork({ id: 3, archivedAt: 5 }, 'departmentId')).toMatchObject({ code: 'department_archived' });
  });

  it('validates the mutations\' arguments, naming the field', () => {
    const invite = staffMutationArgs['staff.invite'];
    expect(invite.safeParse({ email: ' Ann@Example.COM ', name: 'Ann', role: 'staff.billing', departmentIds: [] }).data?.email).toBe('ann@example.com');
    const twice = invite.safeParse({ email: 'a@example.com', name: 'A', role: 'staff.billing', departmentIds: [2, 2] });
    expect(twice.error?.issues[0]?.path).toEqual(['departmentIds']);
    const nothing = staffMutationArgs['staff.update'].safeParse({ userId: 3 });
    expect(nothing.error?.issues[0]?.message).toMatch(/at least one of/);
  });

  it('writes CSV fields quoted where needed and formulas as text', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe('"\'=1+1"');
    expect(csvField('-5 points')).toBe('"\'-5 points"');
    expect(auditCsvLine({ id: 1, at: Date.UTC(2026, 0, 2), actorUserId: null, actorName: null, action: 'x.y', entity: 'user', entityId: 4, accountId: null, details: { a: 1 } }))
      .toBe('1,2026-01-02T00:00:00.000Z,,,x.y,user,4,,"{""a"":1}"');
  });
});
