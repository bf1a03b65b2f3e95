/**
 * The file area in Chromium through the web host, against a real server on demo data: an
 * admin opens the File area, expands folders, downloads a file (progress, then "available
 * offline", and the browser saves exactly the stored bytes), and publishes a new file into a
 * folder from the upload form; the server then holds it with its note.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { browserSuite, chromiumPath } from '../support/chromium';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../console/support/buildApp';
import { chromiumArgs, openConsole, signIn, type E2eConsole } from './support/e2eConsole';
import { startE2eServer, type E2eServer } from './support/e2eServer';

const live = { timeout: 20_000 };

browserSuite('the file area, in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;
  let admin: E2eConsole;
  /** A published demo file and the folders down to it. */
  let target: { name: string; sha256: string; size: number; folders: string[]; folderId: number };

  beforeAll(async () => {
    const [outDir, s] = await Promise.all([buildApp(), startE2eServer({ tickets: 100 })]);
    server = s;
    const [file] = await server.db.query<{ name: string; sha256: string; size: number; folderId: number }>(
      `SELECT f.name, f.sha256, f.size::int AS size, f.folder_id AS "folderId" FROM files f WHERE f.published AND f.folder_id IS NOT NULL ORDER BY f.id LIMIT 1`,
    );
    const folders: string[] = [];
    for (let id: number | null = file!.folderId; id !== null; ) {
      const rows: Array<{ name: string; parentId: number | null }> = await server.db.query('SELECT name, parent_id AS "parentId" FROM file_folders WHERE id = $1', [id]);
      folders.unshift(rows[0]!.name);
      id = rows[0]!.parentId;
    }
    target = { ...file!, folders };
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    admin = await openConsole(browser, 'files-admin', path.join(outDir, 'renderer'));
    await signIn(admin, server.url, 'admin@example.com');
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await server?.close();
  });

  it('opens the folder tree and downloads a file into the offline cache, the browser saving the stored bytes', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'File area' }).click(live);
    const tree = page.getByRole('tree', { name: 'File area folders and files' });
    await tree.waitFor(live);
    for (const name of target.folders) await tree.getByRole('button', { name: `Expand ${name}`, exact: true }).click();
    const download = tree.getByRole('button', { name: new RegExp(`^Download ${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });
    await download.waitFor(live);
    const saved = page.waitForEvent('download', live);
    await download.click();
    const file = await saved;
    const bytes = readFileSync((await file.path())!);
    expect(file.suggestedFilename()).toBe(target.name);
    expect(bytes.length).toBe(target.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(target.sha256);
    const row = tree.getByRole('treeitem').filter({ has: page.getByRole('button', { name: new RegExp(`^Open ${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) }) });
    await row.getByText('available offline').waitFor(live);
    await admin.screenshot('file-area');
    expect(admin.problems).toEqual([]);
  });

  it('publishes a new file into the chosen folder from the upload form', async () => {
    const { page } = admin;
    const tree = page.getByRole('tree', { name: 'File area folders and files' });
    await tree.getByRole('treeitem').filter({ hasText: target.folders.at(-1)! }).first().click();
    const form = page.getByRole('form', { name: 'Upload to the file area' });
    await form.getByLabel('File').setInputFiles({ name: 'hotfix-2026-11.patch', mimeType: 'text/plain', buffer: Buffer.from('--- a/cart.php\n+++ b/cart.php\n') });
    await form.getByLabel('Note (which version it is for)').fill('Hotfix for 4.1.9');
    await form.getByRole('button', { name: 'Upload' }).click();
    const row = await vi.waitFor(async () => {
      const [uploaded] = await server.db.query<{ note: string; published: boolean; folderId: number }>(
        `SELECT note, published, folder_id AS "folderId" FROM files WHERE name = 'hotfix-2026-11.patch'`,
      );
      if (!uploaded) throw new Error('the uploaded file is not on the server yet');
      return uploaded;
    }, live);
    expect(row).toEqual({ note: 'Hotfix for 4.1.9', published: true, folderId: target.folderId });
    // Synced back into the tree; its bytes are already in this console's cache (they were staged here).
    await tree.getByRole('button', { name: /^Open hotfix-2026-11\.patch / }).waitFor(live);
  });
});
