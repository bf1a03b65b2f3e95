/**
 * Reading and changing newsletter state: the admin's list of sent issues with their counts,
 * each issue's email composed for its recipient as it leaves, and unsubscribing (by a
 * signed link or the portal's Newsletter options), which writes the account through the
 * change log like every account change and records who left which topic when.
 */
import { newsletterTopics, topicTitle, type AdminNewsletters, type NewsletterTopicName, NewsletterTopic } from '../../shared/newsletters/newsletters';
import type { Database, Queryable } from '../db/database';
import type { Expression } from 'kysely';
import { queryBuilder, sql } from '../db/queryBuilder';
import { newsletterSettings } from '../config/settings';
import type { NewsletterComposer } from '../email/emailSender';
import type { ChangeWriter } from '../sync/changeLog';
import { composeNewsletter } from './newsletterMail';
import { unsubscribeLinks, type UnsubscribeGrant } from './unsubscribeLinks';

export const newsletterOptionsUrl = (publicUrl: string): string => `${publicUrl.replace(/\/$/, '')}/profiles/self`;

export async function readAdminNewsletters(db: Queryable): Promise<AdminNewsletters> {
  const q = queryBuilder(db);
  const issues = await q
    .selectFrom('newsletterIssues as i')
    .leftJoin('users as u', 'u.id', 'i.sentBy')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('newsletterRecipients as nr')
          .select((e) => [e.fn.countAll().filterWhere('nr.state', '=', 'waiting').as('waiting'), e.fn.countAll().filterWhere('nr.state', '=', 'skipped').as('skipped')])
          .whereRef('nr.issueId', '=', 'i.id')
          .as('r'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('emailOutbox as eo')
          .select((e) => [
            e.fn.countAll().filterWhere('eo.state', '=', 'pending').as('pending'),
            e.fn.countAll().filterWhere('eo.state', '=', 'sent').as('sent'),
            e.fn.countAll().filterWhere('eo.state', '=', 'failed').as('failed'),
          ])
          .whereRef('eo.newsletterIssueId', '=', 'i.id')
          .as('o'),
      (join) => join.onTrue(),
    )
    .select((eb) => {
      const count = (n: Expression<unknown>) => eb.cast<number>(eb.fn.coalesce(n, sql.lit(0)), 'integer');
      return [
        'i.id', 'i.topic', 'i.subject', 'i.createdAt as sentAt', 'u.name as sentByName', 'i.recipientCount as recipients', 'i.queuedAllAt',
        count(eb.ref('r.waiting')).as('waiting'), count(eb.ref('r.skipped')).as('skipped'),
        count(eb.ref('o.pending')).as('pending'), count(eb.ref('o.sent')).as('sent'), count(eb.ref('o.failed')).as('failed'),
        eb.cast<number>(
          eb
            .selectFrom('newsletterUnsubscribes as x')
            .innerJoin('newsletterRecipients as rr', (join) => join.onRef('rr.issueId', '=', 'i.id').onRef('rr.accountId', '=', 'x.accountId'))
            .select((e) => e.fn.count('x.accountId').distinct().as('n'))
            .whereRef('x.topic', '=', 'i.topic')
            .whereRef('x.at', '>=', 'i.createdAt'),
          'integer',
        ).as('unsubscribedSince'),
      ];
    })
    .orderBy('i.id', 'desc')
    .limit(200)
    .execute();
  const counts = await q
    .selectFrom((qb) => qb.selectFrom('accounts').select((eb) => eb.fn<string>('unnest', ['newsletter']).as('topic')).where('contactEmail', '<>', sql.lit('')).as('t'))
    .select((eb) => ['t.topic', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
    .groupBy('t.topic')
    .execute();
  const subscribers = Object.fromEntries(newsletterTopics.map((t) => [t, counts.find((c) => c.topic === t)?.n ?? 0])) as Record<NewsletterTopicName, number>;
  return {
    issues: issues.map((i) => ({
      id: i.id, topic: NewsletterTopic.parse(i.topic), subject: i.subject, sentAt: i.sentAt, sentByName: i.sentByName, recipients: i.recipients,
      queued: i.waiting + i.pending, sent: i.sent, failed: i.failed, skipped: i.skipped, unsubscribedSince: i.unsubscribedSince,
      dispatched: i.queuedAllAt !== null,
    })),
    subscribers,
    perMinute: (await newsletterSettings(db)).perMinute,
  };
}

/** Each newsletter email as it leaves the outbox: the issue (read once per process) with the recipient's own link. */
export class NewsletterMails implements NewsletterComposer {
  private readonly issues = new Map<number, Promise<{ topic: NewsletterTopicName; subject: string; body: string }>>();

  constructor(private readonly db: Database, private readonly publicUrl: string) {}

  private issue(id: number) {
    let issue = this.issues.get(id);
    if (!issue) {
      // Sent issues never change: kept for the few issues sending at a time.
      if (this.issues.size > 20) this.issues.clear();
      issue = queryBuilder(this.db).selectFrom('newsletterIssues').select(['topic', 'subject', 'body']).where('id', '=', id).executeTakeFirstOrThrow()
        .then((i) => ({ ...i, topic: NewsletterTopic.parse(i.topic) }));
      issue.catch(() => this.issues.delete(id));
      this.issues.set(id, issue);
    }
    return issue;
  }

  /** Company names of the batch being sent (replaced by each batch). */
  private companies = new Map<number, string>();

  async prepare(accountIds: number[]): Promise<void> {
    const rows = await queryBuilder(this.db).selectFrom('accounts').select(['id', 'company']).where('id', 'in', accountIds).execute();
    this.companies = new Map(rows.map((r) => [r.id, r.company]));
  }

  private async company(accountId: number): Promise<string> {
    const known = this.companies.get(accountId);
    if (known !== undefined) return known;
    return (await queryBuilder(this.db).selectFrom('accounts').select('company').where('id', '=', accountId).executeTakeFirstOrThrow()).company;
  }

  async compose(issueId: number, accountId: number) {
    const [issue, company, links] = await Promise.all([this.issue(issueId), this.company(accountId), unsubscribeLinks(this.db)]);
    return composeNewsletter(issue, {
      company,
      unsubscribeUrl: links.url(this.publicUrl, { accountId, topic: issue.topic, issueId }),
      optionsUrl: newsletterOptionsUrl(this.publicUrl),
    });
  }
}

/** Records the topics an account left (the portal's form unticked them, or a link stopped one). */
export async function recordUnsubscribes(w: ChangeWriter, accountId: number, topics: readonly string[], via: 'link' | 'portal', issueId: number | null): Promise<void> {
  if (!topics.length) return;
  await queryBuilder(w).insertInto('newsletterUnsubscribes').values(topics.map((topic) => ({ accountId, topic, via, issueId, at: w.now }))).execute();
}

/** Stops the link's topic for its account; again (a second click, a mail client's retry) changes nothing. */
export async function unsubscribeByLink(w: ChangeWriter, g: UnsubscribeGrant): Promise<{ wasSubscribed: boolean }> {
  const updated = await queryBuilder(w)
    .updateTable('accounts')
    .set((eb) => ({ newsletter: sql<string[]>`array_remove(newsletter, ${g.topic})`, version: eb('version', '+', 1) }))
    .where('id', '=', g.accountId)
    .where(sql<boolean>`${g.topic} = ANY (newsletter)`)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return { wasSubscribed: false };
  const issue = g.issueId > 0 ? await queryBuilder(w).selectFrom('newsletterIssues').select('id').where('id', '=', g.issueId).executeTakeFirst() : undefined;
  await recordUnsubscribes(w, g.accountId, [g.topic], 'link', issue?.id ?? null);
  w.changed('account', g.accountId);
  return { wasSubscribed: true };
}

/** What the confirmation page shows for a link: the topic, the account's company, whether it is still subscribed. */
export async function unsubscribeView(db: Queryable, g: UnsubscribeGrant) {
  const account = await queryBuilder(db).selectFrom('accounts').select(['company', 'newsletter']).where('id', '=', g.accountId).executeTakeFirst();
  if (!account) return null;
  return { topic: g.topic, topicTitle: topicTitle(g.topic), company: account.company, subscribed: account.newsletter.includes(g.topic) };
}
