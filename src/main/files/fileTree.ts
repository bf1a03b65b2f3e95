/**
 * The file area's folders and files as the cache holds them (staff see every file, published
 * or not), each file marked with whether its bytes are cached here and any download running.
 * Customers' own uploads ("My files") have no folder and show on their account page instead.
 */
import type { FileTree } from '../../shared/console/fileSchemas';
import type { CacheReader } from '../cache/cacheDatabase';
import type { BlobCache } from './blobCache';

type FolderRow = FileTree['folders'][number];
type FileRow = Omit<FileTree['files'][number], 'cached' | 'progress' | 'published'> & { published: number };

/** Parents before children, siblings by name: the order a tree is drawn in. */
export function treeOrder<F extends { id: number; parentId: number | null; name: string }>(folders: readonly F[]): F[] {
  const children = new Map<number | null, F[]>();
  const ids = new Set(folders.map((f) => f.id));
  for (const f of folders) {
    // An orphan (its parent not in this list) is drawn at the top rather than lost.
    const parent = f.parentId !== null && ids.has(f.parentId) ? f.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), f]);
  }
  const out: F[] = [];
  const seen = new Set<number>();
  const walk = (parent: number | null) => {
    for (const f of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id)) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      out.push(f);
      walk(f.id);
    }
  };
  walk(null);
  return out;
}

export async function readFileTree(r: CacheReader, blobs: BlobCache, progressOf: (sha256: string) => { received: number; total: number } | null): Promise<FileTree> {
  const folders = r.statement('SELECT id, parent_id AS parentId, name, access, product FROM file_folders').all() as FolderRow[];
  const rows = r
    .statement(
      `SELECT id, folder_id AS folderId, name, note, size, sha256, published, created_at AS createdAt
         FROM files WHERE folder_id IS NOT NULL ORDER BY lower(name), id`,
    )
    .all() as FileRow[];
  const cached = new Map<string, boolean>();
  await Promise.all([...new Set(rows.map((f) => f.sha256))].map(async (sha) => cached.set(sha, await blobs.has(sha).catch(() => false))));
  return {
    folders: treeOrder(folders),
    files: rows.map((f) => ({ ...f, note: f.note ?? '', published: f.published === 1, cached: cached.get(f.sha256) ?? false, progress: progressOf(f.sha256) })),
  };
}
