/** The dispatchers' queue of held inbound mail, as the server answers it and the console shows it. */
import { z } from 'zod';

/** Why a mail waits for a dispatcher, in the queue's words. */
export const heldReasonText: Record<string, string> = {
  unknown_sender: 'The sender is not a user of any customer account.',
  not_on_account: 'The mail names or answers a ticket, but the sender is not a user of that ticket\'s account.',
  flood: 'The sender sent more mails in a short time than the flood limit allows.',
  too_large: 'The mail is larger than the inbound size limit.',
  refused: 'The ticket rules refused it (for instance, the ticket cannot take messages).',
  unparseable: 'The mail could not be read (the reason is above its raw text).',
  not_authenticated: 'Sender not authenticated: our mail server found the sender address forged (SPF/DMARC).',
};

export const HeldMail = z.object({
  id: z.number(),
  sender: z.string(),
  subject: z.string(),
  reason: z.string(),
  body: z.string(),
  attachments: z.array(z.object({ fileName: z.string(), size: z.number() })),
  /** The sender's account when the address is one of its users' (the likely one to start a ticket on). */
  senderAccountId: z.number().nullable(),
  createdAt: z.number(),
});
export type HeldMail = z.infer<typeof HeldMail>;
export const HeldMailList = z.object({ heldMails: z.array(HeldMail) });
export type HeldMailList = z.infer<typeof HeldMailList>;

export const heldMailMutations = ['heldMail.accept', 'heldMail.startTicket', 'heldMail.discard'] as const;
export type HeldMailMutation = (typeof heldMailMutations)[number];
