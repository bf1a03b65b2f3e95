/** One points ledger entry: the signed points, its kind and reason, and its date. */
import type { AccountPage } from '../../shared/console/schemas';
import { formatDate } from '../shell/timeText';

export function LedgerLine({ entry: e }: { entry: AccountPage['ledger'][number] }) {
  return (
    <>
      <span className={e.points < 0 ? 'negative' : 'positive'}>
        {e.points > 0 ? '+' : ''}
        {e.points}
      </span>{' '}
      {e.kind.replace('_', ' ')} {e.reason ? `· ${e.reason}` : ''} <span className="muted">{formatDate(e.createdAt)}</span>
    </>
  );
}
