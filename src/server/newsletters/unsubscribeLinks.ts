/**
 * The signed one-click unsubscribe link of a newsletter email (RFC 8058): it names the
 * account, the topic and the issue, with an HMAC, so anyone holding the email may stop that
 * topic for that account without signing in, and nobody can make a link for another account
 * or topic. The secret lives in the database (made once, like the sync epoch): every server
 * process on one PostgreSQL signs and checks with the same key, whatever its DATA_DIR.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NewsletterTopic, type NewsletterTopicName } from '../../shared/newsletters/newsletters';
import type { Queryable } from '../db/database';
import { queryBuilder } from '../db/queryBuilder';

export interface UnsubscribeGrant {
  accountId: number;
  topic: NewsletterTopicName;
  /** The issue whose email carried the link (0: none). */
  issueId: number;
}

const tokenPattern = /^(\d{1,15})\.([a-z_]{1,40})\.(\d{1,15})\.([A-Za-z0-9_-]{22})$/;

export class UnsubscribeLinks {
  private constructor(private readonly secret: string) {}

  /** The database's signing key, made by whichever process asks first. */
  static async load(db: Queryable): Promise<UnsubscribeLinks> {
    const q = queryBuilder(db);
    await q
      .insertInto('settings')
      .values({ key: 'newsletter.unsubscribeSecret', value: JSON.stringify(randomBytes(32).toString('base64url')) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await q.selectFrom('settings').select('value').where('key', '=', 'newsletter.unsubscribeSecret').executeTakeFirstOrThrow();
    // A JSON string, as written just above.
    return new UnsubscribeLinks(row.value as string);
  }

  private mac(g: UnsubscribeGrant): string {
    return createHmac('sha256', this.secret).update(`newsletter-unsubscribe:${g.accountId}:${g.topic}:${g.issueId}`).digest('base64url').slice(0, 22);
  }

  token(g: UnsubscribeGrant): string {
    return `${g.accountId}.${g.topic}.${g.issueId}.${this.mac(g)}`;
  }

  /** The page (GET shows a confirmation; POST is the one-click unsubscribe) for this grant. */
  url(publicUrl: string, g: UnsubscribeGrant): string {
    return `${publicUrl.replace(/\/$/, '')}/newsletter/unsubscribe?token=${this.token(g)}`;
  }

  /** What a token grants, or null when it is not one we signed (forged, altered, truncated). */
  verify(token: string): UnsubscribeGrant | null {
    const m = tokenPattern.exec(token);
    if (!m) return null;
    const topic = NewsletterTopic.safeParse(m[2]);
    if (!topic.success) return null;
    const grant = { accountId: Number(m[1]), topic: topic.data, issueId: Number(m[3]) };
    const given = Buffer.from(m[4]!);
    return timingSafeEqual(given, Buffer.from(this.mac(grant))) ? grant : null;
  }
}

/** One loaded key per database handle (a process has one). */
const loaded = new WeakMap<object, Promise<UnsubscribeLinks>>();
export function unsubscribeLinks(db: Queryable): Promise<UnsubscribeLinks> {
  let links = loaded.get(db);
  if (!links) {
    links = UnsubscribeLinks.load(db);
    links.catch(() => loaded.delete(db));
    loaded.set(db, links);
  }
  return links;
}
