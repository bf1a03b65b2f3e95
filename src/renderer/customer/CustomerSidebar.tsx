/**
 * The customer behind a ticket: the account, its people, licenses, support points and their
 * last ledger entries, its standing (DOMAIN.md), and its other tickets, where one problem
 * posted twice (cross-posting) stands out as another open ticket.
 */
import type { AccountPage } from '../../shared/console/schemas';
import { useAccountPage } from '../api/reads';
import { LedgerLine } from './LedgerLine';
import { Turnaround } from '../queue/Turnaround';
import { formatDate } from '../shell/timeText';
import { useUi } from '../shell/uiStore';
import { statusLabels } from '../ticket/ticketLabels';

const ledgerShown = 5;
const percent = (share: number) => `${Math.round(share * 100)}%`;

function Standing({ standing }: { standing: AccountPage['standing'] }) {
  const a = standing.adjustment;
  const verdict = a === 0 ? 'neutral' : a < 0 ? 'marks many tickets Major: served as if lower' : 'mostly Minor: served faster when it asks';
  return (
    <p className="standing">
      Standing: {percent(standing.majorShare)} Major, {percent(standing.minorShare)} Minor in 90 days; score {a >= 0 ? '+' : ''}
      {a.toFixed(2)} ({verdict})
    </p>
  );
}

export function CustomerSidebar({ accountId, ticketId }: { accountId: number; ticketId: number }) {
  const page = useAccountPage(accountId);
  const openTicket = useUi((s) => s.openTicket);
  const show = useUi((s) => s.show);
  if (page.isPending) return <section className="customer">Loading the customer…</section>;
  if (page.isError) return <section className="customer error">{page.error.message}</section>;
  const { account, users, licenses, ledger, tickets, standing } = page.data;
  const others = tickets.filter((t) => t.id !== ticketId);
  const otherOpen = others.filter((t) => t.status !== 'closed').length;

  return (
    <section className="customer" aria-labelledby="customer-title">
      <h2 id="customer-title">
        <button type="button" className="link-button" title="Open the account page" onClick={() => show({ name: 'account', accountId })}>
          {account.company}
        </button>
      </h2>
      <p>
        {account.contactEmail && <a href={`mailto:${account.contactEmail}`}>{account.contactEmail}</a>}
        {account.createdAt !== null && <span className="muted"> · customer since {formatDate(account.createdAt)}</span>}
      </p>
      <p className={`points ${account.pointsBalance < 0 ? 'negative' : ''}`}>
        Support points: <strong>{account.pointsBalance}</strong>
        {account.pointsBalance < 0 && ' (negative balance)'}
      </p>
      <Standing standing={standing} />

      <h3>People</h3>
      <ul className="plain">
        {users.map((u) => (
          <li key={u.id} className={u.active ? undefined : 'muted'}>
            {u.name} <span className="muted">{u.email}</span> · {u.primary ? 'primary' : u.role === 'customer.secondary' ? 'secondary' : u.role}
            {!u.active && ' (inactive)'}
          </li>
        ))}
      </ul>

      <h3>Licenses</h3>
      {licenses.length === 0 ? (
        <p className="muted">No licenses.</p>
      ) : (
        <ul className="plain licenses">
          {licenses.map((l) => (
            <li key={l.id} className={l.parentLicenseId !== null ? 'addon' : undefined}>
              <strong>{l.product}</strong> {l.edition ?? ''} {l.productVersion ?? ''} <span className={`badge license-${l.status}`}>{l.status.replace('_', ' ')}</span>
              <br />
              <span className="muted">
                {l.kind} · {l.key}
                {l.url ? ` · ${l.url}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h3>Points ledger</h3>
      {ledger.length === 0 ? (
        <p className="muted">No entries.</p>
      ) : (
        <ul className="plain ledger">
          {ledger.slice(0, ledgerShown).map((e) => (
            <li key={e.id}>
              <LedgerLine entry={e} />
            </li>
          ))}
        </ul>
      )}

      <h3>
        Other tickets {otherOpen > 0 && <span className="badge cross-post">{otherOpen} open</span>}
      </h3>
      {others.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain other-tickets">
          {others.slice(0, 15).map((t) => (
            <li key={t.id} className={t.status !== 'closed' ? 'open-ticket' : undefined}>
              <button type="button" className="link-button" onClick={() => openTicket(t.id)}>
                #{t.number}
              </button>{' '}
              {t.subject} <span className="muted">· {statusLabels[t.status]}</span>
              {t.status !== 'closed' && (
                <>
                  {' · '}
                  <Turnaround status={t.status} dueAt={t.dueAt} breachedAt={t.breachedAt} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
