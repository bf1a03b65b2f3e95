/** The Communication center's words for the domain's values, as the help page names them. */
import type { Priority, TicketStatus, TicketType } from '../../shared/domain/model';

export const statusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  in_progress: 'In progress',
  answered: 'Answered',
  pre_closed: 'PRE CLOSED',
  closed: 'Closed',
};

export const typeLabels: Record<TicketType, string> = {
  tech: 'Tech support question',
  sales: 'Sales question',
  project: 'Project question',
  complaint: 'Complaint',
  log: 'Log',
};

export const priorityLabels: Record<Priority, string> = { major: 'Major', normal: 'Normal', minor: 'Minor' };

/** The help page's "What is the 'Priority' select-box?", one line per level. */
export function priorityMeaning(minorTurnaroundMs: number): Record<Priority, string> {
  const hours = Math.round(minorTurnaroundMs / 3_600_000);
  return {
    major: 'the issue should be addressed asap',
    normal: 'not that urgent, but a faster reply is preferred',
    minor: `you agree to wait the guaranteed turnaround time - ${hours} hours`,
  };
}

export const creatableTypes = ['tech', 'sales', 'project', 'complaint'] as const satisfies readonly TicketType[];
export const statuses = ['new', 'open', 'in_progress', 'answered', 'pre_closed', 'closed'] as const satisfies readonly TicketStatus[];
export const priorities = ['major', 'normal', 'minor'] as const satisfies readonly Priority[];

export const points = (n: number): string => `${n} support point${n === 1 ? '' : 's'}`;

/** What the index says under PRE CLOSED: what closing will deduct (the server decides it with the shared life cycle). */
export function closeChargeText(charge: number): string {
  return charge > 0 ? `Closing will deduct ${points(charge)} from your account.` : 'Closing is free of charge.';
}
