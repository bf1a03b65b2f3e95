/**
 * The ticket screen's decisions: which actions the properties panel sends (classify, rate and
 * forward in one step), and when a send must warn that someone else wrote meanwhile.
 */
import { describe, expect, it } from 'vitest';
import type { Ticket, TicketMessage } from '../../src/shared/console/schemas';
import { messagesSince, newestMessageId } from '../../src/renderer/ticket/collision';
import { formOf, plannedActions } from '../../src/renderer/ticket/propertyChanges';

const base: Ticket = {
  id: 7, number: 1007, accountId: 1, authorUserId: 50, type: 'tech', subject: 's', licenseId: null, productVersion: null, priority: 'normal', hotRush: false,
  status: 'new', departmentId: 1, assigneeId: null, cost: null, chargedPoints: null, score: 2, clockStartedAt: 0, dueAt: 1, breachedAt: null, answeredAt: null, preClosedAt: null,
  closedAt: null, mergedIntoId: null, followUpOfId: null, splitFromId: null, createdAt: 0, updatedAt: 0, version: 1, hasAccessInfo: false,
};

describe('plannedActions', () => {
  it('classifies a new ticket in one action, with HotRush after', () => {
    const form = { ...formOf(base), type: 'sales' as const, departmentId: 2, cost: 3, priority: 'major' as const, assigneeId: 9, hotRush: true };
    expect(plannedActions(base, form)).toEqual([
      { op: 'ticket.classify', input: { ticketId: 7, type: 'sales', departmentId: 2, cost: 3, priority: 'major', assigneeId: 9 } },
      { op: 'ticket.setHotRush', input: { ticketId: 7, hotRush: true } },
    ]);
  });

  it('classifies a new ticket even when nothing was changed (accepting the customer’s choice)', () => {
    expect(plannedActions(base, formOf(base))).toEqual([{ op: 'ticket.classify', input: { ticketId: 7, type: 'tech', departmentId: 1, cost: 0, priority: 'normal', assigneeId: null } }]);
  });

  it('asks nothing without a department', () => {
    expect(plannedActions({ ...base, departmentId: null }, formOf({ ...base, departmentId: null }))).toEqual([]);
  });

  const open: Ticket = { ...base, status: 'in_progress', cost: 2, assigneeId: 9 };

  it('forwards a classified ticket whose department changed, and assigns someone picked with it', () => {
    expect(plannedActions(open, { ...formOf(open), departmentId: 3 })).toEqual([{ op: 'ticket.forward', input: { ticketId: 7, departmentId: 3, type: 'tech' } }]);
    expect(plannedActions(open, { ...formOf(open), departmentId: 3, assigneeId: 11 })).toEqual([
      { op: 'ticket.forward', input: { ticketId: 7, departmentId: 3, type: 'tech' } },
      { op: 'ticket.assign', input: { ticketId: 7, assigneeId: 11 } },
    ]);
  });

  it('re-rates with classify when the cost changes, and sends only what changed otherwise', () => {
    expect(plannedActions(open, { ...formOf(open), cost: 5 })).toEqual([
      { op: 'ticket.classify', input: { ticketId: 7, type: 'tech', departmentId: 1, cost: 5, priority: 'normal', assigneeId: 9 } },
    ]);
    expect(plannedActions(open, { ...formOf(open), priority: 'minor', assigneeId: null })).toEqual([
      { op: 'ticket.setPriority', input: { ticketId: 7, priority: 'minor' } },
      { op: 'ticket.assign', input: { ticketId: 7, assigneeId: null } },
    ]);
    expect(plannedActions(open, formOf(open))).toEqual([]);
  });
});

describe('collision check', () => {
  const msg = (id: number, authorUserId: number | null, kind: TicketMessage['kind'] = 'staff'): TicketMessage => ({
    id, kind, body: `m${id}`, authorUserId, authorName: null, createdAt: id, clientRef: null, movedFromTicketId: null, via: 'web', pending: id < 0,
  });

  it('finds messages by others after the draft began, ignoring my own and pending ones', () => {
    const messages = [msg(1, 50, 'customer'), msg(2, 3), msg(5, 4), msg(6, 50, 'customer'), msg(7, 3), msg(-1, 3)];
    expect(newestMessageId(messages)).toBe(7);
    expect(messagesSince(messages, 2, 3).map((m) => m.id)).toEqual([5, 6]);
    expect(messagesSince(messages, 7, 3)).toEqual([]);
  });
});
