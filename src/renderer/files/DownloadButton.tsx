/** A file's download button: a progress bar while it downloads, "available offline" once cached, and opening it then. */
import { useEffect } from 'react';
import type { FileRef } from '../../shared/console/fileSchemas';
import { downloadAndOpen, followDownloads, formatSize, useDownloadProgress } from './fileTransfers';

export function DownloadButton({ fileRef, name, size, cached }: { fileRef: FileRef; name: string; size: number; cached: boolean }) {
  const p = useDownloadProgress(fileRef);
  useEffect(followDownloads, []);
  const downloading = p?.state === 'downloading';
  const done = cached || p?.state === 'done';
  return (
    <span className="download">
      <button type="button" className="link-button" disabled={downloading} onClick={() => void downloadAndOpen(fileRef, name)} aria-label={`${done ? 'Open' : 'Download'} ${name} (${formatSize(size)})`}>
        {name}
      </button>{' '}
      <span className="muted">({formatSize(size)})</span>
      {downloading && p && (
        <progress max={p.total || 1} value={p.received} aria-label={`Downloading ${name}`}>
          {Math.round((100 * p.received) / (p.total || 1))}%
        </progress>
      )}
      {done && <span className="badge offline-badge">available offline</span>}
      {p?.state === 'failed' && (
        <span className="download-error" role="alert">
          {p.error}
        </span>
      )}
    </span>
  );
}
