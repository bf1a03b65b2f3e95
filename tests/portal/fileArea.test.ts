/**
 * The help page's "File area" in Chromium, step by step in its words: the page divided in two,
 * the plus sign that shows a folder's subfolders, a folder's files on the right with the note
 * behind the small arrow, downloading a file (the bytes are the stored ones), 'My files' →
 * 'Upload files' → 'Browse' → 'Upload', and 'Ticket attachments'. Then the FAQ "Why can't I see
 * the software files?" / "Why My file area is empty?": the reason told in place. And the
 * security of the section: other accounts' files and hidden folders are not found, a
 * secondary user is told the section is the owner's and the server refuses with 403.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoCustomer, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { accountIdOf, issueInvoice, newAccount, one, payByApi } from './support/filesBillingFixtures';
import { startPortalStack, type PortalStack } from './support/portalStack';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

browserSuite('the File area of the help page, in Chromium', () => {
  let stack: PortalStack;
  beforeAll(async () => {
    stack = await startPortalStack();
  }, 240_000);
  afterAll(() => stack?.close());

  const folderId = async (name: string) => (await one<{ id: number }>(stack, 'SELECT id FROM file_folders WHERE name = $1', [name])).id;

  it('steps 2-6: a page divided in two; the plus shows subfolders; a folder shows its files; the arrow shows a note; a file name downloads the stored bytes', async () => {
    const c = await stack.open('file-area', demoCustomer.email);
    const { page } = c;
    // 2) Go to the 'File area'. You'll see a page divided in two.
    await page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'File area' }).click();
    await page.getByRole('heading', { level: 1, name: 'File area' }).waitFor();
    const folders = page.getByRole('navigation', { name: 'Folders' });
    const content = page.getByRole('region', { name: 'Folder content' });
    const [left, right] = [await folders.boundingBox(), await content.boundingBox()];
    expect(left!.x + left!.width).toBeLessThanOrEqual(right!.x);
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(5);

    // 3) A folder with a small plus sign: click it and you'll see its subfolders.
    const plus = folders.getByRole('button', { name: 'Expand X-Cart', exact: true });
    expect(await plus.getAttribute('aria-expanded')).toBe('false');
    expect(await folders.getByRole('link', { name: 'X-Cart 4.1.x (current version)' }).count()).toBe(0);
    await plus.click();
    expect(await plus.getAttribute('aria-expanded')).toBe('true');
    await folders.getByRole('link', { name: 'X-Cart 4.1.x (current version)' }).waitFor();
    await folders.getByRole('button', { name: 'Expand X-Cart 4.1.x (current version)' }).click();

    // 4) Find the needed folder and click on it.
    await folders.getByRole('link', { name: 'Distribution kits' }).click();
    const kitsId = await folderId('Distribution kits');
    await page.waitForURL(`${stack.url}/files/folder/${kitsId}`);
    await content.getByRole('heading', { level: 2, name: 'Distribution kits' }).waitFor();

    // 5) The right column lists the folder's files; the small arrow opposite a file name shows its note.
    const files = content.getByRole('list', { name: 'Files in Distribution kits' });
    const names = await files.getByRole('link').allTextContents();
    const stored = await stack.server.db.query<{ name: string }>('SELECT name FROM files WHERE folder_id = $1 AND published ORDER BY lower(name), id', [kitsId]);
    expect(names).toEqual(stored.map((f) => f.name));
    const arrow = files.getByRole('button', { name: 'Show note for x-cart-4.1.9-gold.tgz' });
    const note = 'X-Cart Gold 4.1.9, full distribution (tar.gz)';
    expect(await arrow.getAttribute('aria-expanded')).toBe('false');
    expect(await files.getByText(note).isVisible()).toBe(false);
    await arrow.click();
    expect(await arrow.getAttribute('aria-expanded')).toBe('true');
    await files.getByText(note).waitFor();

    // 6) Click the file name and the browser offers to save it: the bytes are the ones the server stores.
    const [download] = await Promise.all([page.waitForEvent('download'), files.getByRole('link', { name: 'x-cart-4.1.9-gold.tgz' }).click()]);
    expect(download.suggestedFilename()).toBe('x-cart-4.1.9-gold.tgz');
    const bytes = readFileSync((await download.path())!);
    const row = await one<{ id: number; sha256: string; size: number }>(stack, 'SELECT id, sha256, size FROM files WHERE folder_id = $1 AND name = $2', [kitsId, 'x-cart-4.1.9-gold.tgz']);
    expect(sha256(bytes)).toBe(row.sha256);
    expect(bytes.length).toBe(row.size);
    // A download says it is an attachment with its name, and resumes from where it stopped (Range).
    const whole = await c.context.request.get(`${stack.url}/api/customer/files/${row.id}/download`);
    expect(whole.headers()['content-disposition']).toMatch(/^attachment; filename="x-cart-4\.1\.9-gold\.tgz"/);
    const rest = await c.context.request.get(`${stack.url}/api/customer/files/${row.id}/download`, { headers: { range: 'bytes=100-' } });
    expect(rest.status()).toBe(206);
    expect(Buffer.compare(await rest.body(), bytes.subarray(100))).toBe(0);

    // The chosen folder has its own URL: reload keeps it, with its parents open.
    await page.reload();
    await content.getByRole('heading', { level: 2, name: 'Distribution kits' }).waitFor();
    expect(await folders.getByRole('button', { name: 'Expand X-Cart', exact: true }).getAttribute('aria-expanded')).toBe('true');
    expect(await folders.getByRole('link', { name: 'Distribution kits' }).getAttribute('aria-current')).toBe('page');
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('step 7: My files → Upload files → Browse → Upload: the file appears in My files with its bytes, and can be deleted', async () => {
    const c = await stack.open('my-files', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/files`);
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('link', { name: 'My files' }).click();
    const content = page.getByRole('region', { name: 'Folder content' });
    await content.getByRole('heading', { level: 2, name: 'My files' }).waitFor();
    await content.getByRole('link', { name: 'Upload files' }).click();
    await page.waitForURL(`${stack.url}/files/my-files/upload`);
    const form = page.getByRole('form', { name: 'Upload files' });
    // Upload without choosing a file: the reason is next to the field.
    await form.getByRole('button', { name: 'Upload' }).click();
    await form.getByText('Choose a file with Browse first').waitFor();
    const body = Buffer.from(`store backup ${Date.now()}\n`.repeat(2000));
    await form.getByLabel('Browse').setInputFiles({ name: 'portal-upload-check.sql', mimeType: 'application/sql', buffer: body });
    await form.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(`${stack.url}/files/my-files`);
    await content.getByRole('status').filter({ hasText: 'Uploaded to My files: portal-upload-check.sql' }).waitFor();
    const mine = content.getByRole('list', { name: 'Files in My files' });
    await mine.getByRole('link', { name: 'portal-upload-check.sql' }).waitFor();
    const accountId = await accountIdOf(stack, demoCustomer.email);
    const stored = await one<{ id: number; sha256: string; size: number }>(stack, 'SELECT id, sha256, size FROM files WHERE account_id = $1 AND folder_id IS NULL AND name = $2', [accountId, 'portal-upload-check.sql']);
    expect(stored).toMatchObject({ sha256: sha256(body), size: body.length });

    // It downloads back the same.
    const [download] = await Promise.all([page.waitForEvent('download'), mine.getByRole('link', { name: 'portal-upload-check.sql' }).click()]);
    expect(sha256(readFileSync((await download.path())!))).toBe(stored.sha256);

    await mine.getByRole('button', { name: 'Delete portal-upload-check.sql' }).click();
    await mine.getByRole('group', { name: 'Delete portal-upload-check.sql?' }).getByRole('button', { name: 'Yes, delete' }).click();
    await mine.getByRole('link', { name: 'portal-upload-check.sql' }).waitFor({ state: 'detached' });
    expect(await stack.server.db.query('SELECT 1 FROM files WHERE id = $1', [stored.id])).toHaveLength(0);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('step 8: "Ticket attachments" lists the files of the account\'s tickets, with the ticket linking to it', async () => {
    const accountId = await accountIdOf(stack, demoCustomer.email);
    const ticket = await one<{ number: number }>(stack, `SELECT number FROM tickets WHERE account_id = $1 AND status <> 'closed' AND type <> 'log' ORDER BY number LIMIT 1`, [accountId]);
    const token = await stack.server.login(demoCustomer.email);
    const res = await fetch(`${stack.server.url}/api/customer/tickets/${ticket.number}/attachments?name=checkout-error.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: 'Fatal error: Call to undefined function func_cart_get()',
    });
    expect(res.status).toBe(201);

    const c = await stack.open('ticket-attachments', demoCustomer.email);
    const { page } = c;
    await page.goto(`${stack.url}/files`);
    await page.getByRole('navigation', { name: 'Folders' }).getByRole('link', { name: 'Ticket attachments' }).click();
    await page.waitForURL(`${stack.url}/files/ticket-attachments`);
    const table = page.getByRole('table', { name: 'Ticket attachments' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'checkout-error.txt' }) });
    await row.waitFor();
    expect(await row.getByRole('link', { name: `#${ticket.number}` }).getAttribute('href')).toBe(`/tickets/${ticket.number}`);
    // Every attachment the account may see is listed, its own and our staff's.
    const expected = await stack.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attachments a JOIN tickets t ON t.id = a.ticket_id
        WHERE t.account_id = $1 AND ((a.message_id IS NULL AND EXISTS (SELECT 1 FROM users u WHERE u.id = a.uploaded_by AND u.account_id = t.account_id))
          OR EXISTS (SELECT 1 FROM ticket_messages m WHERE m.id = a.message_id AND m.kind <> 'note'))`,
      [accountId],
    );
    expect(await table.getByRole('row').count()).toBe(expected[0]!.n + 1);
    await row.getByRole('link', { name: `#${ticket.number}` }).click();
    await page.waitForURL(`${stack.url}/tickets/${ticket.number}`);
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('FAQ 2.10 / 2.13: no licenses, every license pending, all transferred away: the reason is told in place, with My licenses and the Communication center', async () => {
    const { accountId, email } = await newAccount(stack, 'Pending Parts Ltd', 'pending-parts@example.com');
    const c = await stack.open('pending', email);
    const { page } = c;
    const folders = page.getByRole('navigation', { name: 'Folders' });

    // No license yet: only the free folders, and why.
    await page.goto(`${stack.url}/files`);
    await page.getByRole('status').filter({ hasText: 'access to the software files is closed when no licenses are registered in an account' }).waitFor();
    await folders.getByRole('link', { name: 'Sales-n-Stats' }).waitFor();
    expect(await folders.getByRole('link', { name: 'X-Cart', exact: true }).count()).toBe(0);

    // A license bought and paid, not yet verified by billing: every license pending.
    const invoiceId = await issueInvoice(stack, accountId, 'X-Cart Gold license', [{ type: 'license', product: 'X-Cart', edition: 'Gold', priceCents: 24500 }]);
    await payByApi(stack, email, invoiceId);
    expect(await stack.server.db.query('SELECT status FROM licenses WHERE account_id = $1', [accountId])).toEqual([{ status: 'pending' }]);
    await page.reload();
    const reason = page.getByRole('status').filter({ hasText: "This means that your purchase hasn't yet been verified" });
    await reason.waitFor();
    expect(await reason.textContent()).toContain('"Pending" status');
    expect(await reason.getByRole('link', { name: 'My licenses' }).getAttribute('href')).toBe('/licenses');
    expect(await reason.getByRole('link', { name: 'Communication center' }).getAttribute('href')).toBe('/tickets');
    expect(await folders.getByRole('link', { name: 'Sales-n-Stats' }).count()).toBe(0);
    expect(await folders.getByRole('link', { name: 'X-Cart', exact: true }).count()).toBe(0);
    // Own folders stay.
    await folders.getByRole('link', { name: 'My files' }).waitFor();

    // A hidden folder's URL is not found, and so are its files.
    await page.goto(`${stack.url}/files/folder/${await folderId('Distribution kits')}`);
    await page.getByRole('alert').filter({ hasText: 'Folder not found' }).waitFor();
    const kitFile = await one<{ id: number }>(stack, `SELECT f.id FROM files f JOIN file_folders d ON d.id = f.folder_id WHERE d.name = 'Distribution kits' LIMIT 1`);
    expect((await c.context.request.get(`${stack.url}/api/customer/files/${kitFile.id}/download`)).status()).toBe(404);

    // Every license transferred away.
    await stack.server.db.query(`UPDATE licenses SET status = 'transferred' WHERE account_id = $1`, [accountId]);
    await page.goto(`${stack.url}/files`);
    await page.getByRole('status').filter({ hasText: 'every license of your account was transferred to another company' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('another account\'s file is not found; a secondary user is told the section is the owner\'s, and the server refuses with 403', async () => {
    // Carla's own upload, asked for by another account.
    const token = await stack.server.login(demoCustomer.email);
    const up = await fetch(`${stack.server.url}/api/customer/files/my-files?name=private.txt`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: 'private',
    });
    const { id } = (await up.json()) as { id: number };
    const other = await newAccount(stack, 'Other Shop Inc', 'other-shop@example.com');
    const c = await stack.open('other-account', other.email);
    const res = await c.context.request.get(`${stack.url}/api/customer/files/${id}/download`);
    expect(res.status()).toBe(404);
    expect(await res.text()).not.toContain('private');
    await c.close();

    const w = await stack.open('secondary', demoSecondary.email);
    await w.page.goto(`${stack.url}/files/folder/${await folderId('Distribution kits')}`);
    await w.page.getByRole('heading', { level: 1, name: 'File area' }).waitFor();
    await w.page.getByRole('status').filter({ hasText: 'Only the account\'s owner (its primary user) can use the File area section' }).waitFor();
    const refused = await w.context.request.get(`${stack.url}/api/customer/files`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).message).toContain('Secondary users have no file area');
    expect((await w.context.request.get(`${stack.url}/api/customer/files/${id}/download`)).status()).toBe(403);
    expect(w.problems).toEqual([]);
    await w.close();
  });

  it('works at 360 px: the columns stack, folders first; a signed-out deep link to a folder comes back to it after sign-in', async () => {
    const c = await stack.open('narrow', undefined, { width: 360 });
    const { page } = c;
    const kitsId = await folderId('Distribution kits');
    await page.goto(`${stack.url}/files/folder/${kitsId}`);
    await page.waitForURL(/\/sign-in\?next=%2Ffiles%2Ffolder%2F\d+$/);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('E-mail').fill(demoCustomer.email);
    await form.getByLabel('Password').fill('switchboard');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/files/folder/${kitsId}`);
    const content = page.getByRole('region', { name: 'Folder content' });
    await content.getByRole('heading', { level: 2, name: 'Distribution kits' }).waitFor();
    const left = (await page.getByRole('navigation', { name: 'Folders' }).boundingBox())!;
    const right = (await content.boundingBox())!;
    expect(left.y + left.height).toBeLessThanOrEqual(right.y);
    expect(right.x + right.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await content.getByRole('button', { name: 'Show note for x-cart-4.1.9-gold.zip' }).click();
    await content.getByText('X-Cart Gold 4.1.9, full distribution (zip)').waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });
});
