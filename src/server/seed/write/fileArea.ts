/** Writes the file area: the vendor's folder tree with its files, and some customers' own uploads. */
import type { Queryable } from '../../db/database';
import { BulkInsert } from '../bulkInsert';
import type { SeedState } from '../seedState';
import { DAY, HOUR } from '../units';
import { customerUploadNames, fileAreaTree } from '../vocabulary/fileArea';

export async function writeFileArea(state: SeedState, tx: Queryable): Promise<void> {
  const r = state.rng('files');
  const folders = new BulkInsert(tx, 'file_folders', [['id', 'bigint'], ['parent_id', 'bigint'], ['name', 'text'], ['access', 'text'], ['product', 'text']]);
  const files = new BulkInsert(tx, 'files', [
    ['folder_id', 'bigint'], ['account_id', 'bigint'], ['name', 'text'], ['note', 'text'], ['size', 'bigint'], ['sha256', 'text'], ['published', 'boolean'], ['uploaded_by', 'bigint'], ['created_at', 'bigint'],
  ]);
  const admin = state.staff.admin.id;
  const tree = fileAreaTree();
  const ids = new Map<string, number>();
  for (const f of tree) {
    const id = state.nextId.folders++;
    ids.set(f.path, id);
    const parent = f.path.includes('/') ? ids.get(f.path.slice(0, f.path.lastIndexOf('/')))! : null;
    await folders.add(id, parent, f.path.slice(f.path.lastIndexOf('/') + 1), f.access, f.product);
  }
  await folders.flush();
  for (const f of tree) {
    for (const [name, note, daysAgo] of f.files) {
      const blob = state.demoFile(name, note);
      await files.add(ids.get(f.path)!, null, name, note, blob.size, blob.sha256, true, admin, state.now - daysAgo * DAY - r.int(0, 20) * HOUR);
    }
  }
  // "My files": some customers' own uploads.
  for (const a of state.accounts) {
    if (!r.chance(a.demo ? 1 : 0.08)) continue;
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) {
      const name = r.pick(customerUploadNames);
      const at = Math.max(a.createdAt, state.now - Math.round(r.range(1, 300) * DAY));
      const blob = state.demoFile(name, 'Uploaded by the customer');
      await files.add(null, a.id, name, '', blob.size, blob.sha256, true, a.primary.id, at);
    }
  }
  await files.flush();
}
