/** The help page's words for a ticket's status, type and priority, and how times are shown. */
import type { z } from 'zod';
import type { AccessInfoEntry, CustomerMessage, CustomerTicketDetail, PostMessageResponse } from '../../shared/api/customerTickets';

export type TicketDetail = z.infer<typeof CustomerTicketDetail>;
export type TicketMessage = z.infer<typeof CustomerMessage>;
export type PostMessageAnswer = z.infer<typeof PostMessageResponse>;
export type AccessInfo = z.infer<typeof AccessInfoEntry>;

// The words for statuses, types and priorities are the Communication center's, in one place.
export { points, priorities, priorityLabels, statusLabels, typeLabels } from './ticketListLabels';

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const formatTime = (ms: number): string => timeFormat.format(new Date(ms));

/** Query keys: everything about tickets starts with 'tickets'; one ticket's with its number second. */
export const ticketKey = (number: number) => ['tickets', number] as const;
export const attachmentsKey = (number: number) => ['tickets', number, 'attachments'] as const;
export const accessInfoKey = (number: number) => ['tickets', number, 'access-info'] as const;
