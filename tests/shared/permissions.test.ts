/** The role table of DOMAIN.md "People and roles", for ticket actions. */
import { describe, it, expect } from 'vitest';
import { roles, type Role } from '../../src/shared/domain/model';
import { mayTakeAction, seesAllTickets, staffTicketActions, type StaffTicketAction } from '../../src/shared/tickets/permissions';

const allowedFor = (role: Role): StaffTicketAction[] => staffTicketActions.filter((a) => mayTakeAction(role, a));

describe('ticket action permissions', () => {
  it('a dispatcher may classify, forward, assign, merge, split, set priority and reply', () => {
    for (const a of ['classify', 'forward', 'assign', 'merge', 'split', 'set_priority', 'reply', 'note'] as const) {
      expect(mayTakeAction('staff.dispatcher', a), a).toBe(true);
    }
  });

  it('a dispatcher may not reveal access info (only the assigned engineer or an admin)', () => {
    expect(mayTakeAction('staff.dispatcher', 'reveal_access_info')).toBe(false);
  });

  it('an engineer may claim, reply, note, close, reopen and reveal access info', () => {
    for (const a of ['claim', 'reply', 'note', 'close', 'reopen', 'reveal_access_info'] as const) {
      expect(mayTakeAction('staff.engineer', a), a).toBe(true);
    }
  });

  it('an engineer may not classify, assign, forward, merge or split', () => {
    for (const a of ['classify', 'assign', 'forward', 'merge', 'split'] as const) {
      expect(mayTakeAction('staff.engineer', a), a).toBe(false);
    }
  });

  it('billing may work tickets (claim, reply, note, close, reopen) but not triage them or reveal access info', () => {
    for (const a of ['claim', 'reply', 'note', 'close', 'reopen'] as const) {
      expect(mayTakeAction('staff.billing', a), a).toBe(true);
    }
    for (const a of ['classify', 'assign', 'forward', 'merge', 'split', 'reveal_access_info'] as const) {
      expect(mayTakeAction('staff.billing', a), a).toBe(false);
    }
  });

  it('customers may take no staff action', () => {
    expect(allowedFor('customer.primary')).toEqual([]);
    expect(allowedFor('customer.secondary')).toEqual([]);
  });

  it('an admin may take every action', () => {
    expect(allowedFor('staff.admin')).toEqual([...staffTicketActions]);
  });

  it('every role is covered and gets a boolean for every action', () => {
    for (const role of roles) {
      for (const a of staffTicketActions) expect(typeof mayTakeAction(role, a)).toBe('boolean');
    }
  });

  it('only admins and dispatchers see every ticket', () => {
    expect(roles.filter(seesAllTickets)).toEqual(['staff.dispatcher', 'staff.admin']);
  });
});
