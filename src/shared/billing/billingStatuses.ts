/**
 * The statuses of billing's records (DOMAIN.md "Orders and invoices", "Licenses"), as zod
 * enums so responses and cached rows are checked against the same lists the decisions use.
 */
import { z } from 'zod';

export const InvoiceStatus = z.enum(['unpaid', 'paid', 'cancelled']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const OrderStatus = z.enum(['pending', 'verified', 'rejected']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** `accepted`: the target signed the agreement, or an add-on moved to its owner's own license (nothing to sign). */
export const TransferStatus = z.enum(['pending', 'approved', 'rejected', 'accepted', 'cancelled']);
export type TransferStatus = z.infer<typeof TransferStatus>;

export const UrlChangeStatus = z.enum(['pending', 'approved', 'rejected', 'cancelled']);
export type UrlChangeStatus = z.infer<typeof UrlChangeStatus>;
