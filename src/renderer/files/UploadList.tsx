/** Uploads with their state in words, the reason of a refusal, and retry/discard where they make sense. */
import type { UploadItem } from '../../shared/console/fileSchemas';
import { consoleClient } from '../api/consoleClient';
import { useUi } from '../shell/uiStore';
import { formatSize } from './fileTransfers';

const stateText: Record<UploadItem['state'], string> = {
  draft: 'goes with the message you send next',
  waitingForReply: 'waiting for the message to reach the server',
  queued: 'waiting to upload',
  sending: 'uploading…',
  sent: 'uploaded',
  failed: 'refused',
};

function act(run: () => Promise<unknown>, what: string): void {
  run().catch((err: unknown) => useUi.getState().notify({ kind: 'error', title: `${what} failed`, body: err instanceof Error ? err.message : String(err) }));
}

export function UploadList({ items, label }: { items: UploadItem[]; label: string }) {
  if (!items.length) return null;
  const api = consoleClient();
  return (
    <ul className="plain uploads" aria-label={label}>
      {items.map((u) => (
        <li key={u.id} className={`upload upload-${u.state}`}>
          <span aria-hidden="true">📎 </span>
          {u.name} <span className="muted">({formatSize(u.size)})</span> <span className="badge">{stateText[u.state]}</span>
          {u.state === 'queued' && u.error && <span className="muted"> last try: {u.error.message}</span>}
          {u.state === 'failed' && u.error && (
            <span className="upload-error" role="alert">
              {' '}
              {u.error.message}
            </span>
          )}
          {u.state === 'failed' && u.error?.code !== 'reply_refused' && (
            <button type="button" className="link-button" onClick={() => act(() => api.files.retryUpload({ uploadId: u.id }), `Retrying ${u.name}`)}>
              Retry
            </button>
          )}
          {u.state !== 'sending' && (
            <button type="button" className="link-button" onClick={() => act(() => api.files.discardUpload({ uploadId: u.id }), `Removing ${u.name}`)} aria-label={`${u.state === 'sent' ? 'Clear' : 'Discard'} ${u.name}`}>
              {u.state === 'sent' ? 'Clear' : 'Discard'}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
