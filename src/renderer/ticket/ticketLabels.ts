/** Words for the domain's values, as people read them in the console. */
import type { Priority, TicketStatus, TicketType } from '../../shared/domain/model';

export const statusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  in_progress: 'In progress',
  answered: 'Answered',
  pre_closed: 'Pre-closed',
  closed: 'Closed',
};

export const typeLabels: Record<TicketType, string> = {
  tech: 'Tech',
  sales: 'Sales',
  project: 'Project',
  complaint: 'Complaint',
  log: 'Log',
};

export const priorityLabels: Record<Priority, string> = { major: 'Major', normal: 'Normal', minor: 'Minor' };

/** Types a dispatcher may classify a ticket as (log tickets are the system's own). */
export const classifiableTypes = ['tech', 'sales', 'project', 'complaint'] as const satisfies readonly TicketType[];
export const priorities = ['major', 'normal', 'minor'] as const satisfies readonly Priority[];
export const statuses = ['new', 'open', 'in_progress', 'answered', 'pre_closed', 'closed'] as const satisfies readonly TicketStatus[];
