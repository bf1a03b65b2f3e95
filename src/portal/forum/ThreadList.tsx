/** A list of threads (a category's, or search results): title, author, replies, staff answered, pinned and locked. */
import { Link } from 'wouter';
import type { ForumThreadSummary } from '../../shared/forum/forum';
import { formatTime } from '../tickets/ticketLabels';
import { replyWord } from './forumData';

export function ThreadList({ threads, label, showCategory = false }: { threads: ForumThreadSummary[]; label: string; showCategory?: boolean }) {
  return (
    <ul className="forum-threads" aria-label={label}>
      {threads.map((t) => (
        <li key={t.id} className="forum-thread-row">
          <Link href={`~/forum/threads/${t.id}`}>{t.title}</Link>{' '}
          {t.pinned ? <span className="badge">Pinned</span> : null} {t.locked ? <span className="badge">Locked</span> : null}{' '}
          {t.staffAnswered ? <span className="badge badge-staff">Staff answered</span> : null}
          <div className="muted">
            {showCategory ? `${t.categoryName} · ` : ''}
            {t.author.name}
            {t.author.staff ? ' (staff)' : ''} · {replyWord(t.replyCount)} · last post <time dateTime={new Date(t.lastPostAt).toISOString()}>{formatTime(t.lastPostAt)}</time>
          </div>
        </li>
      ))}
    </ul>
  );
}
