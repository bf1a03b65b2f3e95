/**
 * Newsletters (DOMAIN.md "Catalogue, newsletters, affiliates, forum"): an admin writes an
 * issue for one of the five topics in markdown and sends it to that topic's subscribers
 * through the email outbox, throttled (a setting, per minute), each email with a one-click
 * unsubscribe that needs no sign-in. The mutations' arguments (pushed through
 * /api/sync/push, admins only) and the wire shape of the console's Newsletters screen, once
 * for the server and the console.
 */
import { z } from 'zod';
import { newsletterLabels } from '../api/profile';
import { NewsletterTopic, newsletterTopics } from '../domain/model';

export { NewsletterTopic, newsletterTopics };
export type NewsletterTopicName = z.infer<typeof NewsletterTopic>;

/** A topic as people read it: "Company news" (the help page's label without its colon). */
export const topicTitle = (t: NewsletterTopicName): string => newsletterLabels[t].replace(/:$/, '');

export const maxSubjectLength = 200;
/** Some 50 pages of text: far beyond any newsletter, small enough for 5,000 emails a send. */
export const maxBodyLength = 50_000;
export const maxPerMinute = 100_000;
/** Sent at this rate until an admin chooses another (a mail provider's usual hourly limit of a few thousand, spread). */
export const defaultPerMinute = 300;

const subject = z.string().trim().min(1, 'must not be empty').max(maxSubjectLength, `must be at most ${maxSubjectLength} characters`);
const body = z.string().refine((s) => s.trim().length > 0, 'must not be empty').refine((s) => s.length <= maxBodyLength, `must be at most ${maxBodyLength} characters`);
const topic = z.enum(newsletterTopics, { error: `must be one of ${newsletterTopics.join(', ')}` });

export const NewsletterDraft = z.strictObject({ topic, subject, body });
export type NewsletterDraft = z.infer<typeof NewsletterDraft>;

export const NewsletterSettings = z.strictObject({
  /** At most this many newsletter emails enter the outbox in any minute, across every server process. */
  perMinute: z.number({ error: 'must be a number of emails' }).int('must be a whole number').min(1, 'must be at least 1').max(maxPerMinute, `must be at most ${maxPerMinute}`),
});
export type NewsletterSettings = z.infer<typeof NewsletterSettings>;

/** The newsletter mutations' arguments (staff.admin only). */
export const newsletterMutationArgs = {
  /**
   * Sends an issue to the topic's subscribers. `issueKey` is made by the console once per
   * issue: sending the same key again is the same issue, not a second one.
   */
  'newsletter.send': NewsletterDraft.extend({
    issueKey: z.string().min(8, 'must be at least 8 characters').max(64, 'must be at most 64 characters').regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
  }),
  /** Sends the draft to the admin's own address only, marked as a test. */
  'newsletter.testSend': NewsletterDraft,
  'newsletter.setThrottle': NewsletterSettings,
} as const;

export const NewsletterIssueSummary = z.object({
  id: z.number(),
  topic: NewsletterTopic,
  subject: z.string(),
  sentAt: z.number(),
  sentByName: z.string().nullable(),
  /** The topic's subscribers when it was sent. */
  recipients: z.number(),
  /** Not yet delivered: waiting for the throttle, or in the outbox (retries too). */
  queued: z.number(),
  sent: z.number(),
  /** Given up after the outbox's retries. */
  failed: z.number(),
  /** Unsubscribed (or lost their contact address) before their turn came: never sent. */
  skipped: z.number(),
  /** Recipients who left the topic since it was sent (its link or the portal). */
  unsubscribedSince: z.number(),
  /** Every recipient is in the outbox or skipped. */
  dispatched: z.boolean(),
});
export type NewsletterIssueSummary = z.infer<typeof NewsletterIssueSummary>;

export const AdminNewsletters = z.object({
  issues: z.array(NewsletterIssueSummary),
  /** Subscribers per topic now. */
  subscribers: z.record(NewsletterTopic, z.number()),
  perMinute: z.number(),
});
export type AdminNewsletters = z.infer<typeof AdminNewsletters>;

/** The one-click unsubscribe page's view of its link (no sign-in). */
export const UnsubscribeView = z.object({ topic: NewsletterTopic, topicTitle: z.string(), company: z.string(), subscribed: z.boolean() });
export type UnsubscribeView = z.infer<typeof UnsubscribeView>;
export const UnsubscribeQuery = z.strictObject({ token: z.string().min(1, 'must be given').max(200, 'is not a link of ours') });
