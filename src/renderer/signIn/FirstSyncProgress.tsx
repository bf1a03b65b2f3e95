/** The first download of a user's data: a progress bar with rows, and how far each kind of data is. */
import type { SyncStatus } from '../../shared/console/schemas';

const entityLabels: Record<string, string> = {
  department: 'Departments',
  user: 'People',
  account: 'Accounts',
  license: 'Licenses',
  ledger_entry: 'Points ledger',
  faq_article: 'FAQ articles',
  file_folder: 'File folders',
  file: 'Files',
  ticket: 'Tickets',
  message: 'Messages',
  attachment: 'Attachments',
  invoice: 'Invoices',
  order: 'Orders',
  license_transfer: 'License transfers',
  url_change_request: 'URL change requests',
};

export function FirstSyncProgress({ status }: { status: SyncStatus }) {
  const p = status.progress;
  if (!p) {
    return (
      <main className="first-sync">
        <h1>Getting your data</h1>
        <p>Asking the server what to download…</p>
        <progress aria-label="Preparing the first sync" />
        {status.lastError && (
          <p role="alert" className="error">
            {status.lastError}
          </p>
        )}
      </main>
    );
  }
  const entities = Object.entries(p.perEntity).filter(([, e]) => e.total > 0);
  return (
    <main className="first-sync">
      <h1>Getting your data</h1>
      <p>The first sync downloads the tickets you work with, so that the console works at once, also offline. Later starts open straight away.</p>
      <label htmlFor="first-sync-bar">
        {p.rowsDone.toLocaleString()} of {p.total.toLocaleString()} rows ({Math.floor(p.percent)}%)
      </label>
      <progress id="first-sync-bar" max={Math.max(1, p.total)} value={p.rowsDone} aria-valuetext={`${Math.floor(p.percent)} percent`} />
      <table className="first-sync-entities">
        <tbody>
          {entities.map(([entity, e]) => (
            <tr key={entity} className={e.done >= e.total ? 'done' : undefined}>
              <th scope="row">{entityLabels[entity] ?? entity}</th>
              <td>
                {e.done.toLocaleString()} / {e.total.toLocaleString()}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!status.online && status.lastError && (
        <p role="alert" className="error">
          Paused: {status.lastError}. It continues when the server is reachable.
        </p>
      )}
    </main>
  );
}
