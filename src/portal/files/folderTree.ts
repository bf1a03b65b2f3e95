/**
 * The folder list of the File area as a tree: each folder's subfolders, and the folders to
 * open so that a chosen one (a reloaded `/files/folder/<id>`) is in sight. Pure; folders whose
 * parent is not shown count as top level.
 */
export interface TreeFolder {
  id: number;
  parentId: number | null;
  name: string;
}

export interface FolderTree<F extends TreeFolder> {
  top: F[];
  children(id: number): F[];
  byId: Map<number, F>;
  /** The folder's ancestors, the top one first. */
  ancestors(id: number): F[];
}

export function folderTree<F extends TreeFolder>(folders: readonly F[]): FolderTree<F> {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const kids = new Map<number | null, F[]>();
  for (const f of folders) {
    const parent = f.parentId !== null && byId.has(f.parentId) ? f.parentId : null;
    kids.set(parent, [...(kids.get(parent) ?? []), f]);
  }
  return {
    byId,
    top: kids.get(null) ?? [],
    children: (id) => kids.get(id) ?? [],
    ancestors(id) {
      const out: F[] = [];
      const seen = new Set<number>([id]);
      let f = byId.get(id);
      while (f && f.parentId !== null && !seen.has(f.parentId)) {
        const parent = byId.get(f.parentId);
        if (!parent) break;
        seen.add(parent.id);
        out.unshift(parent);
        f = parent;
      }
      return out;
    },
  };
}

/** A size for people: 512 bytes, 12.3 KB, 4.5 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
