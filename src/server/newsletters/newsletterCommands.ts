/**
 * The newsletter mutations (staff.admin only, pushed through /api/sync/push): send an issue
 * to a topic's subscribers, send a test to oneself, set the throttle. A send writes the issue
 * and its recipients (the topic's subscribers at this moment, in one INSERT ... SELECT) in the
 * push's transaction; the dispatcher (newsletterDispatch.ts) hands them to the outbox at the
 * throttle's pace. Every act is audited.
 */
import { randomBytes } from 'node:crypto';
import type { MutationArgs } from '../../shared/sync/protocol';
import { topicTitle } from '../../shared/newsletters/newsletters';
import { recordAudit } from '../audit/auditLog';
import { saveNewsletterSettings } from '../config/settings';
import { queryBuilder, sql } from '../db/queryBuilder';
import { enqueueEmail } from '../email/outbox';
import { permitted } from '../tickets/ticketAccess';
import type { CommandContext } from '../tickets/ticketCommands';
import { composeNewsletter } from './newsletterMail';

/** NOTIFYed at commit of a sent issue: every process's dispatcher starts at once. */
export const newsletterChannel = 'sb_newsletter';

const optionsUrl = (ctx: CommandContext) => `${ctx.publicUrl.replace(/\/$/, '')}/profiles/self`;

export const newsletterCommands = {
  send: permitted('newsletter.send', async (ctx: CommandContext, a: MutationArgs<'newsletter.send'>) => {
    const q = queryBuilder(ctx.w);
    const issue = await q
      .insertInto('newsletterIssues')
      .values({ issueKey: a.issueKey, topic: a.topic, subject: a.subject, body: a.body, sentBy: ctx.actor.id, createdAt: ctx.w.now })
      // The same issue sent again (a retried push, a second click): the first stands.
      .onConflict((oc) => oc.column('issueKey').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!issue) return;
    const recipients = await q
      .with('added', (qb) =>
        qb
          .insertInto('newsletterRecipients')
          .columns(['issueId', 'accountId'])
          .expression(
            qb
              .selectFrom('accounts as a')
              .select((eb) => [eb.cast<number>(eb.val(issue.id), 'bigint').as('issueId'), 'a.id'])
              .where((eb) => eb(eb.val<string>(a.topic), '=', eb.fn.any('a.newsletter')))
              .where('a.contactEmail', '<>', sql.lit('')),
          )
          .returning(sql.lit(1).as('one')),
      )
      .selectFrom('added')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
      .executeTakeFirstOrThrow();
    const count = recipients.n;
    await q.updateTable('newsletterIssues').set({ recipientCount: count, queuedAllAt: count === 0 ? ctx.w.now : null }).where('id', '=', issue.id).execute();
    await sql`SELECT pg_notify(${newsletterChannel}, ${String(issue.id)})`.execute(q);
    await recordAudit(ctx.w, { actorUserId: ctx.actor.id, action: 'newsletter.send', entity: 'newsletter_issue', entityId: issue.id, details: { topic: a.topic, subject: a.subject, recipients: count }, at: ctx.w.now });
    return { issueId: issue.id, recipients: count };
  }),

  testSend: permitted('newsletter.testSend', async (ctx: CommandContext, a: MutationArgs<'newsletter.testSend'>) => {
    const mail = composeNewsletter(a, { company: 'Your company', unsubscribeUrl: null, optionsUrl: optionsUrl(ctx) }, { test: true });
    // Each test is its own email: the push's mutation id already stops a resent one.
    await enqueueEmail(ctx.w, ctx.w.now, {
      eventKey: `newsletter-test:${ctx.actor.id}:${ctx.w.now}:${randomBytes(6).toString('hex')}`,
      to: ctx.actor.email, subject: mail.subject, text: mail.text, html: mail.html,
    });
    await recordAudit(ctx.w, { actorUserId: ctx.actor.id, action: 'newsletter.test_send', entity: 'user', entityId: ctx.actor.id, details: { topic: topicTitle(a.topic), subject: a.subject }, at: ctx.w.now });
  }),

  setThrottle: permitted('newsletter.setThrottle', async (ctx: CommandContext, a: MutationArgs<'newsletter.setThrottle'>) => {
    await saveNewsletterSettings(ctx.w, a);
    await recordAudit(ctx.w, { actorUserId: ctx.actor.id, action: 'settings.newsletter.update', entity: 'settings', entityId: null, details: { perMinute: a.perMinute }, at: ctx.w.now });
  }),
};
