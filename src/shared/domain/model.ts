/**
 * The domain's vocabulary, shared by the server, the console core and the renderer.
 * Every union here is also a zod enum so requests are validated against the same list.
 */
import { z } from 'zod';

export const roles = [
  'customer.primary',
  'customer.secondary',
  'staff.dispatcher',
  'staff.engineer',
  'staff.billing',
  'staff.admin',
] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const staffRoles = ['staff.dispatcher', 'staff.engineer', 'staff.billing', 'staff.admin'] as const;
export type StaffRole = (typeof staffRoles)[number];
export const isStaff = (role: Role): role is StaffRole => role.startsWith('staff.');
export const isCustomer = (role: Role): boolean => role.startsWith('customer.');

export const TicketType = z.enum(['tech', 'sales', 'project', 'complaint', 'log']);
export type TicketType = z.infer<typeof TicketType>;

export const TicketStatus = z.enum(['new', 'open', 'in_progress', 'answered', 'pre_closed', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Priority = z.enum(['major', 'normal', 'minor']);
export type Priority = z.infer<typeof Priority>;

/** How a message reached the helpdesk: the portal or console, or a customer's email. */
export const MessageVia = z.enum(['web', 'email']);
export type MessageVia = z.infer<typeof MessageVia>;

export const LicenseKind = z.enum(['main', 'addon', 'skin']);
export type LicenseKind = z.infer<typeof LicenseKind>;

export const LicenseStatus = z.enum(['pending', 'active', 'not_accepted', 'transferred', 'revoked']);
export type LicenseStatus = z.infer<typeof LicenseStatus>;

export const MessageKind = z.enum(['customer', 'staff', 'note']);
export type MessageKind = z.infer<typeof MessageKind>;

export const LedgerKind = z.enum(['purchase', 'ticket_charge', 'transfer_in', 'transfer_out', 'adjustment', 'affiliate_payout']);
export type LedgerKind = z.infer<typeof LedgerKind>;

export const newsletterTopics = ['company_news', 'promotions', 'security_alerts', 'new_products', 'minor_releases'] as const;
export const NewsletterTopic = z.enum(newsletterTopics);

/** Timed rules and targets, editable by admins; the defaults are the seed's promises. */
export interface LifecycleSettings {
  preCloseAfterMs: number;
  closeAfterMs: number;
  reopenWindowMs: number;
  turnaroundMs: { hotRush: number; major: number; normal: number; minor: number };
  hotRushSurcharge: number;
}

const HOUR = 3_600_000;
export const defaultLifecycleSettings: LifecycleSettings = {
  preCloseAfterMs: 48 * HOUR,
  closeAfterMs: 72 * HOUR,
  reopenWindowMs: 14 * 24 * HOUR,
  turnaroundMs: { hotRush: 1 * HOUR, major: 4 * HOUR, normal: 12 * HOUR, minor: 24 * HOUR },
  hotRushSurcharge: 5,
};
