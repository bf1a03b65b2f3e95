/**
 * The File area (help page "File area", steps 2-8): a page divided in two, the folders on the
 * left (a plus opens a folder's subfolders), the chosen folder's files on the right, each
 * file's note behind the small arrow opposite its name, the name itself the download. Every
 * folder has its own URL under /files (this section is a nested route), so reload keeps it:
 * /files/folder/<id>, /files/my-files, /files/my-files/upload, /files/ticket-attachments.
 * When the vendor folders are hidden, the server's reason is told in place, in the words of
 * the help page's FAQ.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, Route, Switch, useLocation, useParams } from 'wouter';
import { errorText } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';
import { useFileArea, type FileArea } from './fileAreaData';
import { FileNameLink } from './FileNameLink';
import { folderTree, formatSize, type FolderTree } from './folderTree';
import { MyFiles, UploadFiles } from './MyFiles';
import { TicketAttachments } from './TicketAttachments';
import './fileArea.css';

type Folder = FileArea['folders'][number];
type FileEntry = Folder['files'][number];

/** What the page says in place of the vendor folders, by the server's reason (shared/files/visibility.ts codes). */
function HiddenReason({ code, message }: { code: string; message: string }) {
  switch (code) {
    case 'all_pending':
      return (
        <Notice tone="warning">
          The software files are not shown yet: your product license currently has the &quot;Pending&quot; status (see <Link href="~/licenses">My licenses</Link>). This
          means that your purchase hasn&apos;t yet been verified. As soon as the billing manager processes your order, the software will become accessible for you;
          usually it takes up to one business day. Our billing manager will contact you in the <Link href="~/tickets">Communication center</Link>.
        </Notice>
      );
    case 'transferred_away':
      return (
        <Notice tone="warning">
          The software files are not shown: every license of your account was transferred to another company (see <Link href="~/licenses">My licenses</Link>).
          Access to the software files is closed when no licenses are registered in an account. If this is not right, please contact our customer service in the{' '}
          <Link href="~/tickets">Communication center</Link>; we will check your account.
        </Notice>
      );
    case 'no_license':
      return (
        <Notice tone="warning">
          Your account holds no licenses (see <Link href="~/licenses">My licenses</Link>), and access to the software files is closed when no licenses are registered
          in an account: only the free folders are shown. If you think this is wrong, please post a request to the <Link href="~/tickets">Communication center</Link>; a
          responsible person will inform you on the exact reason.
        </Notice>
      );
    default:
      return (
        <Notice tone="warning">
          The software files are not shown: {message}. Please post a request to the <Link href="~/tickets">Communication center</Link>; a responsible person will inform
          you on the exact reason.
        </Notice>
      );
  }
}

function FolderItem({ folder, tree, expanded, toggle, selected }: { folder: Folder; tree: FolderTree<Folder>; expanded: Set<number>; toggle(id: number): void; selected: number | null }) {
  const children = tree.children(folder.id);
  const open = expanded.has(folder.id);
  const listId = `subfolders-${folder.id}`;
  return (
    <li>
      <span className="tree-row">
        {children.length ? (
          <button type="button" className="tree-toggle" aria-expanded={open} aria-controls={open ? listId : undefined} aria-label={`Expand ${folder.name}`} onClick={() => toggle(folder.id)}>
            <span aria-hidden="true">{open ? '−' : '+'}</span>
          </button>
        ) : (
          <span className="tree-toggle-space" aria-hidden="true" />
        )}
        <Link href={`/folder/${folder.id}`} aria-current={selected === folder.id ? 'page' : undefined}>
          {folder.name}
        </Link>
      </span>
      {open && children.length ? (
        <ul id={listId}>
          {children.map((c) => (
            <FolderItem key={c.id} folder={c} tree={tree} expanded={expanded} toggle={toggle} selected={selected} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function FileRow({ file }: { file: FileEntry }) {
  const [open, setOpen] = useState(false);
  const noteId = `note-${file.id}`;
  return (
    <li className="file-item">
      <span className="file-row">
        <FileNameLink file={file} />
        {file.note ? (
          <button type="button" className="note-toggle" aria-expanded={open} aria-controls={noteId} aria-label={`Show note for ${file.name}`} onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▴' : '▾'}</span>
          </button>
        ) : null}
        <span className="muted file-size">{formatSize(file.size)}</span>
      </span>
      {file.note ? (
        <p id={noteId} className="file-note" hidden={!open}>
          {file.note}
        </p>
      ) : null}
    </li>
  );
}

function FolderFiles({ tree }: { tree: FolderTree<Folder> }) {
  const { id } = useParams<{ id: string }>();
  const folder = tree.byId.get(Number(id));
  if (!folder) {
    return (
      <>
        <h2>Folder not found</h2>
        <Notice tone="error">Folder not found: there is no folder {id} in your file area. Choose one of the folders on the left.</Notice>
      </>
    );
  }
  const subfolders = tree.children(folder.id);
  return (
    <>
      <h2>{folder.name}</h2>
      <p className="muted folder-path">{folder.path.split('/').join(' › ')}</p>
      {subfolders.length ? (
        <>
          <h3>Subfolders</h3>
          <ul className="subfolders">
            {subfolders.map((s) => (
              <li key={s.id}>
                <Link href={`/folder/${s.id}`}>{s.name}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {folder.files.length ? (
        <>
          <h3>Files</h3>
          <ul className="file-list" aria-label={`Files in ${folder.name}`}>
            {folder.files.map((f) => (
              <FileRow key={f.id} file={f} />
            ))}
          </ul>
          <p className="muted">Click a file name to save it on your computer; an interrupted download resumes where it stopped.</p>
        </>
      ) : (
        <Notice>{subfolders.length ? 'The files are in the subfolders above.' : 'This folder has no files.'}</Notice>
      )}
    </>
  );
}

export function FileAreaPage() {
  const area = useFileArea();
  const [location] = useLocation();
  const selected = /^\/folder\/(\d+)/.exec(location)?.[1];
  const selectedId = selected ? Number(selected) : null;
  const tree = useMemo(() => folderTree(area.data?.folders ?? []), [area.data]);
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
  const [flash, setFlash] = useState<string | null>(null);

  // The chosen folder stays in sight: its ancestors open (after a reload or a deep link too).
  useEffect(() => {
    if (selectedId === null) return;
    const up = tree.ancestors(selectedId).map((f) => f.id);
    if (up.some((id) => !expanded.has(id))) setExpanded((e) => new Set([...e, ...up]));
  }, [selectedId, tree, expanded]);

  const toggle = (id: number) =>
    setExpanded((e) => {
      const next = new Set(e);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (area.isPending) {
    return (
      <Page title="File area">
        <Notice>Loading the file area…</Notice>
      </Page>
    );
  }
  if (area.isError) {
    return (
      <Page title="File area">
        <Notice tone="error">{errorText(area.error)}</Notice>
      </Page>
    );
  }
  const data = area.data;
  const hiddenOthers = data.hiddenFolders;

  return (
    <Page title="File area">
      {data.noticeCode && data.notice ? <HiddenReason code={data.noticeCode} message={data.notice} /> : null}
      <div className="split file-area">
        <nav aria-label="Folders" className="folder-column">
          <h2 className="sr-only">Folders</h2>
          <ul className="folder-tree">
            {tree.top.map((f) => (
              <FolderItem key={f.id} folder={f} tree={tree} expanded={expanded} toggle={toggle} selected={selectedId} />
            ))}
            <li>
              <span className="tree-row">
                <span className="tree-toggle-space" aria-hidden="true" />
                <Link href="/my-files" aria-current={location.startsWith('/my-files') ? 'page' : undefined}>
                  My files
                </Link>
              </span>
            </li>
            <li>
              <span className="tree-row">
                <span className="tree-toggle-space" aria-hidden="true" />
                <Link href="/ticket-attachments" aria-current={location === '/ticket-attachments' ? 'page' : undefined}>
                  Ticket attachments
                </Link>
              </span>
            </li>
          </ul>
          {hiddenOthers.length ? (
            <details className="hidden-folders">
              <summary>Why some folders are not shown ({hiddenOthers.length})</summary>
              <ul>
                {hiddenOthers.map((h) => (
                  <li key={h.id}>
                    <strong>{h.name}</strong>: {h.message}.
                  </li>
                ))}
              </ul>
              <p>
                Check the status in <Link href="~/licenses">My licenses</Link>; for anything else, post a request to the <Link href="~/tickets">Communication center</Link>.
              </p>
            </details>
          ) : null}
        </nav>
        <section className="folder-content" aria-label="Folder content">
          <Switch>
            <Route path="/folder/:id">
              <FolderFiles tree={tree} />
            </Route>
            <Route path="/my-files/upload">
              <UploadFiles onDone={(text) => setFlash(text)} />
            </Route>
            <Route path="/my-files">
              <MyFiles files={data.myFiles} flash={flash} clearFlash={() => setFlash(null)} />
            </Route>
            <Route path="/ticket-attachments">
              <TicketAttachments attachments={data.ticketAttachments} />
            </Route>
            <Route path="/">
              <h2>Choose a folder</h2>
              <Notice>Choose a folder on the left to see its files. Upload your own files in the &apos;My files&apos; folder.</Notice>
            </Route>
            <Route>
              <h2>Page not found</h2>
              <Notice tone="error">There is no such page in the File area. Choose a folder on the left.</Notice>
            </Route>
          </Switch>
        </section>
      </div>
    </Page>
  );
}
