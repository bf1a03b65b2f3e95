/**
 * The account page's "File area as the customer sees it": every folder with whether its
 * primary user sees it and why (the same rules the server answers the customer with, computed
 * from the cache), the files shown, its own uploads and its tickets' attachments.
 */
import { formatDate } from '../shell/timeText';
import { DownloadButton } from './DownloadButton';
import { useAccountFileView } from './fileReads';

export function AccountFileArea({ accountId }: { accountId: number }) {
  const view = useAccountFileView(accountId);
  if (view.isPending) return <p className="loading">Reading the file area…</p>;
  if (view.isError) return <p role="alert">{view.error.message}</p>;
  const area = view.data;
  return (
    <section className="account-file-area" aria-labelledby="account-file-area-title">
      <h2 id="account-file-area-title">File area as the customer sees it</h2>
      {area.summary && (
        <p className="file-area-summary" role="note">
          <strong>Nothing of the file area is shown:</strong> {area.summary.message}.
        </p>
      )}
      {area.folders.length === 0 ? (
        <p className="muted">The file area has no folders.</p>
      ) : (
        <ul className="plain file-verdicts" aria-label="Folders and why the customer sees them or not">
          {area.folders.map((f) => (
            <li key={f.id} className={f.visible ? 'shown' : 'hidden'}>
              <span className={`badge ${f.visible ? 'verdict-shown' : 'verdict-hidden'}`}>{f.visible ? 'shown' : 'hidden'}</span> <strong>{f.path}</strong>{' '}
              <span className="muted">
                · {f.message} · {f.publishedFiles} published file{f.publishedFiles === 1 ? '' : 's'}
              </span>
              {f.files.length > 0 && (
                <ul className="plain">
                  {f.files.map((file) => (
                    <li key={file.id}>
                      <DownloadButton fileRef={{ kind: 'file', id: file.id }} name={file.name} size={file.size} cached={false} /> {file.note && <span className="file-note">— {file.note}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>My files</h3>
      {!area.myFiles.visible ? (
        <p className="muted">{area.myFiles.message}</p>
      ) : area.myFiles.files.length === 0 ? (
        <p className="muted">No uploads of its own.</p>
      ) : (
        <ul className="plain">
          {area.myFiles.files.map((file) => (
            <li key={file.id}>
              <DownloadButton fileRef={{ kind: 'file', id: file.id }} name={file.name} size={file.size} cached={false} /> <span className="muted">uploaded {formatDate(file.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Ticket attachments</h3>
      {area.ticketAttachments.files.length === 0 ? (
        <p className="muted">No attachments the customer sees.</p>
      ) : (
        <ul className="plain">
          {area.ticketAttachments.files.map((a) => (
            <li key={a.id}>
              <DownloadButton fileRef={{ kind: 'attachment', id: a.id }} name={a.fileName} size={a.size} cached={false} />{' '}
              <span className="muted">
                #{a.ticketNumber} {a.ticketSubject} · {a.fromStaff ? 'from staff' : 'from the customer'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
