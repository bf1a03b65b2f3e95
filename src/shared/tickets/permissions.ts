/**
 * Which staff role may take which ticket action (DOMAIN.md "People and roles"). The server
 * enforces it; the console uses the same table to hide what a role may not do.
 */
import type { Role } from '../domain/model';
import type { MutationName } from '../sync/protocol';
import { assertNever } from '../assertNever';
import { adminActions, mayAdminister, type AdminAction } from '../staff/staffRules';

export const staffTicketActions = [
  'classify',
  'forward',
  'claim',
  'assign',
  'reply',
  'note',
  'set_priority',
  'set_hot_rush',
  'close',
  'reopen',
  'merge',
  'split',
  'reveal_access_info',
] as const;
export type StaffTicketAction = (typeof staffTicketActions)[number];

const dispatcher: readonly StaffTicketAction[] = ['classify', 'forward', 'claim', 'assign', 'reply', 'note', 'set_priority', 'set_hot_rush', 'close', 'reopen', 'merge', 'split'];
const engineer: readonly StaffTicketAction[] = ['claim', 'reply', 'note', 'close', 'reopen', 'reveal_access_info'];
const billing: readonly StaffTicketAction[] = ['claim', 'reply', 'note', 'close', 'reopen'];

/** What billing managers do (DOMAIN.md: orders, invoices, licenses, requests, points ledger); admins too. */
export const billingActions = ['verify_orders', 'issue_invoices', 'decide_transfers', 'decide_url_changes', 'adjust_points', 'decide_payouts'] as const;
export type BillingAction = (typeof billingActions)[number];
/** The dispatchers' queue of held inbound mail (dispatchers and admins). */
export type MailAction = 'handle_held_mail';
/** Posting in the forum and moderating it: every staff role. */
export type ForumAction = 'post_in_forum' | 'moderate_forum';
const isForumAction = (action: StaffAction): action is ForumAction => action === 'post_in_forum' || action === 'moderate_forum';
export type StaffAction = StaffTicketAction | BillingAction | AdminAction | MailAction | ForumAction;

const isBillingAction = (action: StaffAction): action is BillingAction => (billingActions as readonly string[]).includes(action);

const isAdminAction = (action: StaffAction): action is AdminAction => (adminActions as readonly string[]).includes(action);

export function mayTakeAction(role: Role, action: StaffAction): boolean {
  if (isAdminAction(action)) return mayAdminister(role);
  if (isBillingAction(action)) return role === 'staff.billing' || role === 'staff.admin';
  if (action === 'handle_held_mail') return role === 'staff.dispatcher' || role === 'staff.admin';
  if (isForumAction(action)) return role.startsWith('staff.');
  switch (role) {
    case 'staff.admin':
      return true;
    case 'staff.dispatcher':
      return dispatcher.includes(action as StaffTicketAction);
    case 'staff.engineer':
      return engineer.includes(action as StaffTicketAction);
    case 'staff.billing':
      return billing.includes(action as StaffTicketAction);
    case 'customer.primary':
    case 'customer.secondary':
      return false;
    default:
      return assertNever(role, 'role');
  }
}

/** Whether a staff member sees every ticket, or only those of its departments and its own. */
export function seesAllTickets(role: Role): boolean {
  return role === 'staff.admin' || role === 'staff.dispatcher';
}

/**
 * Least privilege: an account's ledger, its licenses' certificates and its customers' own
 * uploads (My files) are billing's and admins' work. Other staff read them only for an account
 * with a ticket they may see (staffSees), and their consoles' caches never hold them.
 */
export function seesEveryAccountsPrivateData(role: Role): boolean {
  return role === 'staff.admin' || role === 'staff.billing';
}

type StaffActor = { id: number; role: Role; departmentIds: readonly number[] };

/**
 * The tickets a staff member sees, as data: null for every ticket (the all-tickets view), else
 * those whose field holds one of its values (assigned to them, or in one of their departments).
 * staffSees and the server's SQL filters (ticketAccess.ts) are both built from it.
 */
export function staffSight(actor: StaffActor): null | ReadonlyArray<{ field: 'assigneeId' | 'departmentId'; values: readonly number[] }> {
  if (seesAllTickets(actor.role)) return null;
  return [{ field: 'assigneeId', values: [actor.id] }, { field: 'departmentId', values: actor.departmentIds }];
}

/** Staff outside the ticket's department, not assigned to it and without the all-tickets view, may not see it. */
export function staffSees(actor: StaffActor, t: { departmentId: number | null; assigneeId: number | null }): boolean {
  const sight = staffSight(actor);
  return sight === null || sight.some(({ field, values }) => {
    const value = t[field];
    return value !== null && values.includes(value);
  });
}

/** The action each pushed mutation needs. */
export const mutationPermission: Record<MutationName, StaffAction> = {
  'ticket.classify': 'classify',
  'ticket.forward': 'forward',
  'ticket.claim': 'claim',
  'ticket.assign': 'assign',
  'ticket.reply': 'reply',
  'ticket.note': 'note',
  'ticket.setPriority': 'set_priority',
  'ticket.setHotRush': 'set_hot_rush',
  'ticket.close': 'close',
  'ticket.reopen': 'reopen',
  'ticket.merge': 'merge',
  'ticket.split': 'split',
  'order.verify': 'verify_orders',
  'order.reject': 'verify_orders',
  'invoice.issue': 'issue_invoices',
  'invoice.cancel': 'issue_invoices',
  'transfer.approve': 'decide_transfers',
  'transfer.reject': 'decide_transfers',
  'urlChange.approve': 'decide_url_changes',
  'urlChange.reject': 'decide_url_changes',
  'ledger.adjust': 'adjust_points',
  'staff.invite': 'manage_staff',
  'staff.resendInvitation': 'manage_staff',
  'staff.cancelInvitation': 'manage_staff',
  'staff.update': 'manage_staff',
  'staff.deactivate': 'manage_staff',
  'staff.reactivate': 'manage_staff',
  'staff.resetTwoFactor': 'manage_staff',
  'department.create': 'manage_departments',
  'department.rename': 'manage_departments',
  'department.archive': 'manage_departments',
  'catalogue.create': 'manage_catalogue',
  'catalogue.update': 'manage_catalogue',
  'catalogue.setActive': 'manage_catalogue',
  'newsletter.send': 'manage_newsletters',
  'newsletter.testSend': 'manage_newsletters',
  'newsletter.setThrottle': 'manage_newsletters',
  'payout.pay': 'decide_payouts',
  'payout.convert': 'decide_payouts',
  'payout.reject': 'decide_payouts',
  'heldMail.accept': 'handle_held_mail',
  'heldMail.startTicket': 'handle_held_mail',
  'heldMail.discard': 'handle_held_mail',
  'forumCategory.create': 'manage_forum',
  'forumCategory.update': 'manage_forum',
  'forumCategory.setArchived': 'manage_forum',
  'forum.setSettings': 'manage_forum',
  'forum.startThread': 'post_in_forum',
  'forum.reply': 'post_in_forum',
  'forum.setPostHidden': 'moderate_forum',
  'forum.setLocked': 'moderate_forum',
  'forum.setPinned': 'moderate_forum',
  'forum.move': 'moderate_forum',
};

/** A sentence for a refusal: "the staff.engineer role may not verify orders". */
export const refusalOf = (role: Role, action: StaffAction): string =>
  `the ${role} role may not ${action.replace(/_/g, ' ')}${isBillingAction(action) || isAdminAction(action) || isForumAction(action) || action === 'handle_held_mail' ? '' : ' tickets'}`;
