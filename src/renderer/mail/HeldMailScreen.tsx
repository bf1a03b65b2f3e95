/**
 * Held mail (issue 19): inbound mail no rule could place, for a dispatcher to decide: file it
 * into a ticket (by its number), start a ticket on the sender's account (or one chosen by id),
 * or discard it. The mail's text is shown as text, never as HTML. The decisions are local
 * actions like any other; the list is read from the server and rereads when they went out.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { heldReasonText, type HeldMail } from '../../shared/api/heldMail';
import { callOperation } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { runTicketAction } from '../api/useTicketAction';
import { formatDateTime } from '../shell/timeText';
import { useUi } from '../shell/uiStore';

function HeldMailItem({ mail }: { mail: HeldMail }) {
  const [ticketNumber, setTicketNumber] = useState('');
  const [accountId, setAccountId] = useState(mail.senderAccountId === null ? '' : String(mail.senderAccountId));
  const notify = useUi((s) => s.notify);
  const fileInto = async () => {
    const number = Number(ticketNumber);
    const t = Number.isInteger(number) && number > 0 ? await callOperation('ticket.byNumber', { number }) : null;
    if (!t) return notify({ kind: 'error', title: 'No such ticket', body: `Ticket #${ticketNumber} is not in this console's data.` });
    await runTicketAction('heldMail.accept', { heldMailId: mail.id, ticketId: t.id });
  };
  const start = () => {
    const id = Number(accountId);
    if (!Number.isInteger(id) || id <= 0) return notify({ kind: 'error', title: 'Which account?', body: 'Give the id of the account to start the ticket on.' });
    void runTicketAction('heldMail.startTicket', { heldMailId: mail.id, accountId: id });
  };
  return (
    <li className="held-mail" aria-label={`Held mail from ${mail.sender}: ${mail.subject}`}>
      <header>
        <strong>{mail.sender}</strong> <span>{mail.subject || '(no subject)'}</span>{' '}
        <time className="muted" dateTime={new Date(mail.createdAt).toISOString()}>{formatDateTime(mail.createdAt)}</time>
      </header>
      <p className="held-reason">Held: {heldReasonText[mail.reason] ?? mail.reason}</p>
      <pre className="held-body">{mail.body}</pre>
      {mail.attachments.length > 0 && <p className="muted">Attachments: {mail.attachments.map((a) => `${a.fileName} (${a.size} bytes)`).join(', ')}</p>}
      <div className="held-actions">
        <label>
          Ticket # <input value={ticketNumber} onChange={(e) => setTicketNumber(e.target.value)} inputMode="numeric" size={8} aria-label="Ticket number to file into" />
        </label>
        <button type="button" onClick={() => void fileInto()} disabled={!ticketNumber}>
          File into ticket
        </button>
        <label>
          Account id <input value={accountId} onChange={(e) => setAccountId(e.target.value)} inputMode="numeric" size={6} aria-label="Account to start a ticket on" />
        </label>
        <button type="button" onClick={start} disabled={!accountId}>
          Start a ticket
        </button>
        <button type="button" onClick={() => void runTicketAction('heldMail.discard', { heldMailId: mail.id })}>
          Discard
        </button>
      </div>
    </li>
  );
}

export function HeldMailScreen() {
  const list = useQuery({ queryKey: queryKey('heldMail.list'), queryFn: () => callOperation('heldMail.list', {}) });
  return (
    <section className="held-mail-screen" aria-label="Held mail">
      <h1>Held mail</h1>
      {list.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.isError ? (
        <p role="alert">The held mail could not be read: {list.error.message}</p>
      ) : list.data.heldMails.length === 0 ? (
        <p className="muted">No mail is waiting for a decision.</p>
      ) : (
        <ul className="held-mail-list">
          {list.data.heldMails.map((m) => (
            <HeldMailItem key={m.id} mail={m} />
          ))}
        </ul>
      )}
    </section>
  );
}
