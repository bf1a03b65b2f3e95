/**
 * The file area browser: the folder tree from the cache, files with their notes and sizes,
 * downloads with a progress bar into the local cache (marked "available offline" once there),
 * and, for admins, publishing a file into the chosen folder (queued while offline). Keyboard:
 * j/k or the arrows move, → opens a folder and ← closes it (or goes to its parent), Enter
 * opens a folder or downloads and opens a file.
 */
import { useEffect, useRef, useState } from 'react';
import { useMe } from '../api/reads';
import { DownloadButton } from './DownloadButton';
import { useFileTree, useUploads } from './fileReads';
import { downloadAndOpen, followDownloads, stageFiles } from './fileTransfers';
import { folderOf, treeRows, type TreeRow } from './treeRows';
import { UploadList } from './UploadList';

const accessText = { product: 'product', addon: 'add-on', free: 'free' } as const;

function PublishForm({ folderId, folderName }: { folderId: number; folderName: string }) {
  const [note, setNote] = useState('');
  const [published, setPublished] = useState(true);
  const input = useRef<HTMLInputElement>(null);
  return (
    <form
      className="publish-form"
      aria-label="Upload to the file area"
      onSubmit={(e) => {
        e.preventDefault();
        const picked = input.current?.files;
        if (!picked?.length) return;
        void stageFiles([...picked], { kind: 'folder', folderId, note: note.trim(), published }).then(() => {
          if (input.current) input.current.value = '';
          setNote('');
        });
      }}
    >
      <h2>Upload to “{folderName}”</h2>
      <label>
        File <input ref={input} type="file" multiple required />
      </label>
      <label>
        Note (which version it is for) <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <label>
        <input type="checkbox" checked={published} onChange={(e) => setPublished(e.target.checked)} /> Published (customers see it)
      </label>
      <button type="submit" className="primary">
        Upload
      </button>
      <p className="hint">Uploads wait in the queue while offline and go out when the server is back.</p>
    </form>
  );
}

function Row({ row, selected, onSelect, onToggle }: { row: TreeRow; selected: boolean; onSelect(): void; onToggle(): void }) {
  const common = { id: `file-row-${row.key}`, role: 'treeitem', 'aria-level': row.depth, 'aria-selected': selected, className: `tree-row${selected ? ' selected' : ''}`, style: { paddingLeft: `${row.depth - 1}rem` } };
  if (row.kind === 'folder') {
    const f = row.folder;
    return (
      <li {...common} aria-expanded={row.expanded} onClick={onSelect}>
        <button type="button" className="tree-toggle" tabIndex={-1} onClick={onToggle} aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${f.name}`}>
          {row.expanded ? '▾' : '▸'}
        </button>{' '}
        <strong>{f.name}</strong>{' '}
        <span className="muted">
          {accessText[f.access]}
          {f.product ? ` · ${f.product}` : ''} · {row.size} items
        </span>
      </li>
    );
  }
  const file = row.file;
  return (
    <li {...common} onClick={onSelect}>
      <DownloadButton fileRef={{ kind: 'file', id: file.id }} name={file.name} size={file.size} cached={file.cached} />
      {!file.published && <span className="badge">not published</span>}
      {file.note && <span className="file-note"> — {file.note}</span>}
    </li>
  );
}

export function FilesScreen() {
  const tree = useFileTree();
  const uploads = useUploads();
  const me = useMe();
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [cursor, setCursor] = useState(0);
  const rows = tree.data ? treeRows(tree.data, expanded) : [];
  const at = Math.min(cursor, Math.max(0, rows.length - 1));
  const current = rows[at];

  useEffect(followDownloads, []);

  const toggle = (id: number, open?: boolean) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.closest('input, textarea, select, [role="dialog"], form') || t.isContentEditable))) return;
      if (e.key === 'j' || e.key === 'ArrowDown') setCursor(Math.min(at + 1, rows.length - 1));
      else if (e.key === 'k' || e.key === 'ArrowUp') setCursor(Math.max(at - 1, 0));
      else if (e.key === 'ArrowRight' && current?.kind === 'folder') toggle(current.folder.id, true);
      else if (e.key === 'ArrowLeft' && current) {
        if (current.kind === 'folder' && current.expanded) toggle(current.folder.id, false);
        else {
          // To the parent folder's row.
          const parentId = current.kind === 'folder' ? current.folder.parentId : current.file.folderId;
          const i = rows.findIndex((r) => r.kind === 'folder' && r.folder.id === parentId);
          if (i >= 0) setCursor(i);
        }
      } else if (e.key === 'Enter' && current && !(t && t.closest('button'))) {
        if (current.kind === 'folder') toggle(current.folder.id);
        else void downloadAndOpen({ kind: 'file', id: current.file.id }, current.file.name);
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at, rows, current]);

  useEffect(() => {
    if (current) document.getElementById(`file-row-${current.key}`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const targetFolder = folderOf(current);
  const targetName = tree.data?.folders.find((f) => f.id === targetFolder)?.name ?? '';
  const queue = uploads.data?.filter((u) => u.target.kind === 'folder') ?? [];
  return (
    <section className="files-screen" aria-labelledby="files-title">
      <header className="screen-header">
        <h1 id="files-title">
          File area <span className="count">{tree.data ? `${tree.data.files.length} files in ${tree.data.folders.length} folders` : ''}</span>
        </h1>
        <p className="hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>→</kbd>/<kbd>←</kbd> open or close a folder · <kbd>Enter</kbd> downloads and opens a file
        </p>
      </header>
      <div className="files-body">
        {tree.isPending ? (
          <p className="loading">Loading the file area…</p>
        ) : tree.isError ? (
          <p role="alert">{tree.error.message}</p>
        ) : rows.length === 0 ? (
          <p className="muted">The file area has no folders yet.</p>
        ) : (
          <ul className="file-tree" role="tree" aria-label="File area folders and files" aria-activedescendant={current ? `file-row-${current.key}` : undefined} tabIndex={0}>
            {rows.map((row, i) => (
              <Row key={row.key} row={row} selected={i === at} onSelect={() => setCursor(i)} onToggle={() => row.kind === 'folder' && toggle(row.folder.id)} />
            ))}
          </ul>
        )}
        <aside className="files-side">
          {me.role === 'staff.admin' && targetFolder !== null && <PublishForm key={targetFolder} folderId={targetFolder} folderName={targetName} />}
          <UploadList items={queue} label="Uploads to the file area" />
        </aside>
      </div>
    </section>
  );
}
