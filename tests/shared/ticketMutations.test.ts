/** Each ticket mutation's plan: the transitions the server decides and the console shows. */
import { describe, it, expect } from 'vitest';
import { mutationPermission, staffSees } from '../../src/shared/tickets/permissions';
import { ticketPlan } from '../../src/shared/tickets/ticketMutations';

describe('ticket mutation plans', () => {
  it('a reply that also closes replies first, then closes with the close permission', () => {
    expect(ticketPlan('ticket.reply', { ticketId: 7, body: 'Done', close: true }, 3)).toEqual({
      ok: true,
      ticketId: 7,
      steps: [
        { action: { type: 'staff_reply' }, needs: 'reply' },
        { action: { type: 'close', by: 'staff' }, needs: 'close' },
      ],
    });
    expect(ticketPlan('ticket.reply', { ticketId: 7, body: 'Hi' }, 3)).toMatchObject({ steps: [{ action: { type: 'staff_reply' } }] });
  });

  it('a claim is the actor taking the ticket', () => {
    expect(ticketPlan('ticket.claim', { ticketId: 7 }, 3)).toMatchObject({ steps: [{ action: { type: 'claim', userId: 3 }, needs: mutationPermission['ticket.claim'] }] });
  });

  it('a merge checks that its target can receive it; a ticket merged into itself is refused by its arguments', () => {
    expect(ticketPlan('ticket.merge', { ticketId: 7, intoTicketId: 8 }, 3)).toMatchObject({
      steps: [{ action: { type: 'merge_away', targetId: 8 } }],
      target: { ticketId: 8, action: { type: 'receive_merge' }, field: 'intoTicketId' },
    });
    expect(ticketPlan('ticket.merge', { ticketId: 7, intoTicketId: 7 }, 3)).toMatchObject({ ok: false, code: 'merge_into_itself', field: 'intoTicketId' });
  });
});

describe('which tickets staff see', () => {
  const engineer = { id: 3, role: 'staff.engineer' as const, departmentIds: [1] };
  it('an engineer sees its departments\' tickets and those assigned to it; a dispatcher sees all', () => {
    expect(staffSees(engineer, { departmentId: 1, assigneeId: null })).toBe(true);
    expect(staffSees(engineer, { departmentId: 2, assigneeId: 3 })).toBe(true);
    expect(staffSees(engineer, { departmentId: 2, assigneeId: null })).toBe(false);
    expect(staffSees(engineer, { departmentId: null, assigneeId: null })).toBe(false);
    expect(staffSees({ ...engineer, role: 'staff.dispatcher' }, { departmentId: null, assigneeId: null })).toBe(true);
  });
});
