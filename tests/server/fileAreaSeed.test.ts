/** The demo data's file area: real bytes behind every row, and the demo customer's view following the rules. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from '../../src/server/db/database';
import { migrate } from '../../src/server/db/migrate';
import { DiskBlobStore } from '../../src/server/files/blobStore';
import { accountFileArea } from '../../src/server/files/fileArea';
import { generateDemoData } from '../../src/server/seed/generate';
import { sha256 } from '../support/fileArea';

describe('the demo file area', () => {
  let db: Database;
  const blobs = new DiskBlobStore(path.join(mkdtempSync(path.join(tmpdir(), 'sb-seed-blobs-')), 'blobs'));

  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    await generateDemoData(db, { tickets: 300, seed: 3, now: Date.UTC(2026, 5, 1), blobs });
  }, 120_000);
  afterAll(() => db.close());

  it('stores the bytes of every file and attachment it names, with the size and sha256 of its row', async () => {
    const rows = await db.query<{ sha256: string; size: number; name: string }>(
      'SELECT sha256, size, name FROM files UNION ALL SELECT sha256, size, file_name FROM attachments',
    );
    expect(rows.length).toBeGreaterThan(60);
    for (const row of new Map(rows.map((r) => [r.sha256, r])).values()) {
      const chunks: Buffer[] = [];
      for await (const c of blobs.get(row.sha256)) chunks.push(c as Buffer);
      const content = Buffer.concat(chunks);
      expect(content.length, row.name).toBe(Number(row.size));
      expect(sha256(content), row.name).toBe(row.sha256);
    }
  });

  it('makes real archives: a .tgz is gzip, a .zip a zip, a .pdf a PDF', async () => {
    const pick = async (name: string) => {
      const [r] = await db.query<{ sha256: string }>('SELECT sha256 FROM files WHERE name = $1', [name]);
      const chunks: Buffer[] = [];
      for await (const c of blobs.get(r!.sha256)) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    expect((await pick('x-cart-4.1.9-gold.tgz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await pick('x-cart-4.1.9-gold.zip')).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    expect((await pick('x-cart-4.1.9-manual.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the demo customer X-Cart with its X-Affiliate add-on, and LiteCommerce hidden while its order is pending', async () => {
    const [{ accountId }] = (await db.query<{ accountId: number }>(`SELECT account_id AS "accountId" FROM users WHERE email = 'customer@example.com'`)) as [{ accountId: number }];
    const area = await accountFileArea(db, accountId, 'primary');
    const byPath = new Map(area.folders.map((f) => [f.path, area.visibility.folders.find((v) => v.folderId === f.id)!]));
    expect(byPath.get('X-Cart/X-Cart 4.1.x (current version)/Distribution kits')!.visible).toBe(true);
    expect(byPath.get('X-Cart/X-Cart 4.1.x (current version)/Add-ons (commercial)/X-Affiliate')!.visible).toBe(true);
    expect(byPath.get('X-Cart/X-Cart 4.1.x (current version)/Add-ons (commercial)/X-RMA')).toMatchObject({ visible: false, code: 'no_license' });
    expect(byPath.get('LiteCommerce/LC 2.2.35 (current version)')).toMatchObject({ visible: false, code: 'license_pending' });
    expect(byPath.get('Sales-n-Stats')!.visible).toBe(true);
  });
});
