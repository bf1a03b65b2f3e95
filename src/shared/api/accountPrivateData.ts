/**
 * An account's private data for the staff who may read it but do not hold it in their cache
 * (least privilege, issue 20): engineers and dispatchers of one of the account's tickets get
 * its points ledger and its licenses' certificates from the server, online, when they open
 * the account. Billing and admins have both in their cache.
 */
import { z } from 'zod';

export const AccountLedgerEntry = z.object({
  id: z.number().int(),
  kind: z.string(),
  points: z.number().int(),
  reason: z.string().nullable(),
  ticketId: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type AccountLedgerEntry = z.infer<typeof AccountLedgerEntry>;

export const AccountPrivateData = z.object({
  /** Newest first. */
  ledger: z.array(AccountLedgerEntry),
  /** Certificates by license id (long texts, shown on demand). */
  certificates: z.record(z.string(), z.string()),
});
export type AccountPrivateData = z.infer<typeof AccountPrivateData>;
