/**
 * The file tree as rows to draw and move through: each folder, then (when it is expanded) its
 * subfolders and its files, with the depth for indentation and aria-level. Pure, so the
 * keyboard's row order and what a collapse hides are tested without a browser.
 */
import type { FileTree } from '../../shared/console/fileSchemas';

type Folder = FileTree['folders'][number];
type File = FileTree['files'][number];

export type TreeRow = { kind: 'folder'; key: string; depth: number; folder: Folder; expanded: boolean; size: number } | { kind: 'file'; key: string; depth: number; file: File };

export function treeRows(tree: FileTree, expanded: ReadonlySet<number>): TreeRow[] {
  const ids = new Set(tree.folders.map((f) => f.id));
  const children = new Map<number | null, Folder[]>();
  for (const f of tree.folders) {
    const parent = f.parentId !== null && ids.has(f.parentId) ? f.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), f]);
  }
  const files = new Map<number, File[]>();
  for (const f of tree.files) files.set(f.folderId, [...(files.get(f.folderId) ?? []), f]);
  const rows: TreeRow[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null, depth: number) => {
    for (const folder of children.get(parent) ?? []) {
      if (seen.has(folder.id)) continue;
      seen.add(folder.id);
      const open = expanded.has(folder.id);
      rows.push({ kind: 'folder', key: `d${folder.id}`, depth, folder, expanded: open, size: (children.get(folder.id)?.length ?? 0) + (files.get(folder.id)?.length ?? 0) });
      if (!open) continue;
      walk(folder.id, depth + 1);
      for (const file of files.get(folder.id) ?? []) rows.push({ kind: 'file', key: `f${file.id}`, depth: depth + 1, file });
    }
  };
  walk(null, 1);
  return rows;
}

/** The folder a row belongs to (a folder itself, or a file's folder): where an upload goes. */
export function folderOf(row: TreeRow | undefined): number | null {
  if (!row) return null;
  return row.kind === 'folder' ? row.folder.id : row.file.folderId;
}
