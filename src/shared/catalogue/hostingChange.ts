/**
 * "How to change hosting plan?" (help page): a hosting plan change is a Sales ticket, not an
 * order form (DOMAIN.md). The page pre-fills a new Sales ticket with the current and the
 * wanted plan; the sales team makes the change and invoices the difference.
 */
import { z } from 'zod';

/** The account's hosting plan: the last verified order's hosting item, or none. */
export const CurrentHosting = z.object({
  current: z.object({ plan: z.string(), months: z.number(), orderId: z.number(), since: z.number() }).nullable(),
});
export type CurrentHosting = z.infer<typeof CurrentHosting>;

/** The Sales ticket's subject and message for a change from `current` (null: none yet) to `wanted`. */
export function hostingChangeTicket(current: string | null, wanted: string): { type: 'sales'; subject: string; body: string } {
  const from = current ?? 'no hosting plan';
  return {
    type: 'sales',
    subject: `Change hosting plan: ${from} to ${wanted}`.slice(0, 300),
    body: [
      'Please change my hosting plan.',
      '',
      `Current plan: ${from}`,
      `Wanted plan: ${wanted}`,
      '',
      'Preferred date of the change, and anything else you should know:',
    ].join('\n'),
  };
}
