/** The help page's words for a ticket's status, type and priority, and how times are shown. */
import type { z } from 'zod';
import type { AccessInfoEntry, CustomerMessage, CustomerTicketDetail, PostMessageResponse } from '../../shared/api/customerTickets';
import type { Priority, TicketStatus, TicketType } from '../../shared/domain/model';

export type TicketDetail = z.infer<typeof CustomerTicketDetail>;
export type TicketMessage = z.infer<typeof CustomerMessage>;
export type PostMessageAnswer = z.infer<typeof PostMessageResponse>;
export type AccessInfo = z.infer<typeof AccessInfoEntry>;

export const statusLabel: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  in_progress: 'In progress',
  answered: 'Answered',
  pre_closed: 'PRE CLOSED',
  closed: 'Closed',
};

export const typeLabel: Record<TicketType, string> = {
  tech: 'Tech support question',
  sales: 'Sales question',
  project: 'Project question',
  complaint: 'Complaint',
  log: 'Log',
};

export const priorityLabel: Record<Priority, string> = { major: 'Major', normal: 'Normal', minor: 'Minor' };
export const priorities: readonly Priority[] = ['major', 'normal', 'minor'];

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const formatTime = (ms: number): string => timeFormat.format(new Date(ms));
export const points = (n: number): string => `${n} support point${n === 1 ? '' : 's'}`;

/** Query keys: everything about tickets starts with 'tickets'; one ticket's with its number second. */
export const ticketKey = (number: number) => ['tickets', number] as const;
export const attachmentsKey = (number: number) => ['tickets', number, 'attachments'] as const;
export const accessInfoKey = (number: number) => ['tickets', number, 'access-info'] as const;
