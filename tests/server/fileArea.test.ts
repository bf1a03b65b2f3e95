/**
 * The file area on the server, on PGlite and PostgreSQL: what customers see (one test per
 * DOMAIN.md rule), the staff view with reasons, admin publishing through the change log,
 * My files, and the role checks of every kind of route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { demoPassword } from '../../src/server/seed/demoAccounts';
import { blobFiles, bytes, download, setLicenses, sha256, upload } from '../support/fileArea';
import { backends, startTestServer, type TestServer } from '../support/testServer';

describe.each(backends)('file area on %s', (backend) => {
  let s: TestServer;
  let admin: string, customer: string, webmaster: string, engineer: string;
  let accountId: number;
  const folder: Record<string, number> = {};
  const file: Record<string, { id: number; sha256: string }> = {};

  const tree = async (token = customer) => s.api('GET', '/api/customer/files', { token });
  const shownPaths = async () => ((await tree()).body.folders as Array<{ path: string }>).map((f) => f.path);
  const mkdir = async (name: string, access: string, product: string | null, parent?: string) => {
    const res = await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name, access, product, parentId: parent ? folder[parent] : null } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    folder[parent ? `${parent}/${name}` : name] = res.body.id;
  };
  const publish = async (dir: string, name: string, content: Buffer, published = true) => {
    const res = await upload(s, admin, `/api/admin/file-folders/${folder[dir]}/files?name=${encodeURIComponent(name)}&note=${encodeURIComponent(`${name} for 4.1.x`)}&published=${published}`, content);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    file[name] = { id: res.body.id, sha256: res.body.sha256 };
  };

  beforeAll(async () => {
    s = await startTestServer(backend);
    [admin, customer, webmaster, engineer] = (await Promise.all(['admin@example.com', 'customer@example.com', 'webmaster@example.com', 'engineer@example.com'].map((e) => s.login(e)))) as [string, string, string, string];
    [{ accountId }] = await s.ctx.db.query<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE email = $1', ['customer@example.com']) as [{ accountId: number }];
    await mkdir('X-Cart', 'product', 'X-Cart');
    await mkdir('Distribution kits', 'product', 'X-Cart', 'X-Cart');
    await mkdir('LiteCommerce', 'product', 'LiteCommerce');
    await mkdir('Add-ons (commercial)', 'addon', 'LiteCommerce', 'LiteCommerce');
    await mkdir('Egoods', 'addon', 'Egoods', 'LiteCommerce/Add-ons (commercial)');
    await mkdir('Sales-n-Stats', 'free', 'Sales-n-Stats');
    await publish('X-Cart/Distribution kits', 'x-cart-4.1.9-gold.tgz', bytes(5000, 1));
    await publish('X-Cart/Distribution kits', 'x-cart-4.2.0-beta.tgz', bytes(3000, 2), false);
    await publish('LiteCommerce/Add-ons (commercial)/Egoods', 'lc-egoods-2.2.35.tgz', bytes(2000, 3));
    await publish('Sales-n-Stats', 'sales-n-stats-free-1.1.2.zip', bytes(1000, 4));
  });
  afterAll(() => s.close());

  it('shows no files while the only license is pending, and says why', async () => {
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'pending' }]);
    const res = await tree();
    expect(res.status).toBe(200);
    expect(res.body.folders).toEqual([]);
    expect(res.body.notice).toBe('Every license of the account is pending: nothing is shown until billing verifies the order');
    expect((await download(s, customer, `/api/customer/files/${file['x-cart-4.1.9-gold.tgz']!.id}/download`)).status).toBe(404);
  });

  it('shows a product\'s folders with their published files once its license is active', async () => {
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'active' }]);
    const res = await tree();
    expect(res.body.notice).toBeNull();
    expect(res.body.folders.map((f: { path: string }) => f.path)).toEqual(['Sales-n-Stats', 'X-Cart', 'X-Cart/Distribution kits']);
    const kits = res.body.folders.find((f: { path: string }) => f.path === 'X-Cart/Distribution kits');
    expect(kits.files).toEqual([{ id: file['x-cart-4.1.9-gold.tgz']!.id, name: 'x-cart-4.1.9-gold.tgz', note: 'x-cart-4.1.9-gold.tgz for 4.1.x', size: 5000, sha256: sha256(bytes(5000, 1)), createdAt: expect.any(Number) }]);
    const got = await download(s, customer, `/api/customer/files/${file['x-cart-4.1.9-gold.tgz']!.id}/download`);
    expect(got.status).toBe(200);
    expect(sha256(got.body)).toBe(file['x-cart-4.1.9-gold.tgz']!.sha256);
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="x-cart-4.1.9-gold.tgz"; filename*=UTF-8''x-cart-4.1.9-gold.tgz`);
  });

  it('hides unpublished files until an admin publishes them', async () => {
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'active' }]);
    const beta = file['x-cart-4.2.0-beta.tgz']!.id;
    expect((await download(s, customer, `/api/customer/files/${beta}/download`)).status).toBe(404);
    expect((await s.api('PATCH', `/api/admin/files/${beta}`, { token: admin, body: { published: true, note: 'Beta of 4.2.0: test stores only' } })).status).toBe(200);
    const kits = (await tree()).body.folders.find((f: { path: string }) => f.path === 'X-Cart/Distribution kits');
    expect(kits.files.map((f: { name: string; note: string }) => [f.name, f.note])).toEqual([['x-cart-4.1.9-gold.tgz', 'x-cart-4.1.9-gold.tgz for 4.1.x'], ['x-cart-4.2.0-beta.tgz', 'Beta of 4.2.0: test stores only']]);
    expect((await download(s, customer, `/api/customer/files/${beta}/download`)).status).toBe(200);
    await s.api('PATCH', `/api/admin/files/${beta}`, { token: admin, body: { published: false } });
    expect((await download(s, customer, `/api/customer/files/${beta}/download`)).status).toBe(404);
  });

  it('gives a secondary user no file area, with the reason', async () => {
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'active' }]);
    for (const [method, url] of [['GET', '/api/customer/files'], ['GET', `/api/customer/files/${file['x-cart-4.1.9-gold.tgz']!.id}/download`], ['GET', '/api/customer/files/my-files'], ['GET', '/api/customer/files/ticket-attachments']] as const) {
      const res = await s.api(method, url, { token: webmaster });
      expect(res.status, url).toBe(403);
      expect(res.body.message, url).toBe('Secondary users have no file area; the primary user downloads the files');
    }
    expect((await upload(s, webmaster, '/api/customer/files/my-files?name=a.txt', Buffer.from('x'))).status).toBe(403);
  });

  it('opens a commercial add-on folder only with an active license of that add-on', async () => {
    await setLicenses(s, accountId, [{ product: 'LiteCommerce', status: 'active', edition: 'Standard' }]);
    expect(await shownPaths()).toEqual(['LiteCommerce', 'Sales-n-Stats']);
    const egoods = file['lc-egoods-2.2.35.tgz']!.id;
    expect((await download(s, customer, `/api/customer/files/${egoods}/download`)).status).toBe(404);
    await setLicenses(s, accountId, [{ product: 'LiteCommerce', status: 'active' }, { product: 'LiteCommerce', kind: 'addon', edition: 'Egoods', status: 'active' }]);
    expect(await shownPaths()).toEqual(['LiteCommerce', 'LiteCommerce/Add-ons (commercial)', 'LiteCommerce/Add-ons (commercial)/Egoods', 'Sales-n-Stats']);
    expect((await download(s, customer, `/api/customer/files/${egoods}/download`)).status).toBe(200);
  });

  it('shows free folders to a primary user without any license', async () => {
    await setLicenses(s, accountId, []);
    expect(await shownPaths()).toEqual(['Sales-n-Stats']);
    const got = await download(s, customer, `/api/customer/files/${file['sales-n-stats-free-1.1.2.zip']!.id}/download`);
    expect(sha256(got.body)).toBe(sha256(bytes(1000, 4)));
  });

  it('shows nothing once every license was transferred away, free folders included', async () => {
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'transferred' }, { product: 'LiteCommerce', status: 'transferred' }]);
    const res = await tree();
    expect(res.body.folders).toEqual([]);
    expect(res.body.notice).toBe('Every license was transferred to another account');
    expect((await download(s, customer, `/api/customer/files/${file['sales-n-stats-free-1.1.2.zip']!.id}/download`)).status).toBe(404);
  });

  it('shows staff the account\'s file area as its primary user sees it, with the reason for each hidden folder', async () => {
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'active' }, { product: 'LiteCommerce', status: 'pending' }]);
    const res = await s.api('GET', `/api/staff/accounts/${accountId}/file-area`, { token: engineer });
    expect(res.status).toBe(200);
    expect(res.body.account).toEqual({ id: accountId, company: 'Carla\'s Crafts Ltd' });
    expect(res.body.summary).toBeNull();
    const byPath = Object.fromEntries(res.body.folders.map((f: { path: string }) => [f.path, f]));
    expect(byPath['X-Cart/Distribution kits']).toMatchObject({ visible: true, code: 'active_license', publishedFiles: 1 });
    expect(byPath['X-Cart/Distribution kits'].files.map((f: { name: string }) => f.name)).toEqual(['x-cart-4.1.9-gold.tgz']);
    expect(byPath['LiteCommerce']).toMatchObject({ visible: false, code: 'license_pending', message: 'The LiteCommerce license is pending: the order is not verified yet', files: [] });
    expect(byPath['LiteCommerce/Add-ons (commercial)/Egoods']).toMatchObject({ visible: false, code: 'license_pending', publishedFiles: 1, files: [] });
    expect(byPath['Sales-n-Stats']).toMatchObject({ visible: true, code: 'free_folder' });
    // Exactly the customer's own answer.
    const customerPaths = await shownPaths();
    expect(res.body.folders.filter((f: { visible: boolean }) => f.visible).map((f: { path: string }) => f.path)).toEqual(customerPaths);
    expect((await s.api('GET', `/api/staff/accounts/999999/file-area`, { token: engineer })).status).toBe(404);
  });

  it('keeps the customer\'s own uploads in My files: upload, list, download, delete (and its blob goes)', async () => {
    const content = bytes(4000, 42);
    const up = await upload(s, customer, `/api/customer/files/my-files?name=${encodeURIComponent('store backup (été).sql.gz')}`, content);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: 'store backup (été).sql.gz', size: 4000, sha256: sha256(content), folderId: null });
    const list = await s.api('GET', '/api/customer/files/my-files', { token: customer });
    expect(list.body.files.map((f: { id: number }) => f.id)).toContain(up.body.id);
    const got = await download(s, customer, `/api/customer/files/${up.body.id}/download`);
    expect(sha256(got.body)).toBe(sha256(content));
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="store backup (_t_).sql.gz"; filename*=UTF-8''store%20backup%20%28%C3%A9t%C3%A9%29.sql.gz`);
    expect((await blobFiles(s)).some((f) => f.endsWith(sha256(content)))).toBe(true);
    expect((await s.api('DELETE', `/api/customer/files/my-files/${up.body.id}`, { token: customer })).status).toBe(200);
    expect((await download(s, customer, `/api/customer/files/${up.body.id}/download`)).status).toBe(404);
    expect((await blobFiles(s)).some((f) => f.endsWith(sha256(content)))).toBe(false);
  });

  it('keeps a blob that another row still names when one of them is deleted', async () => {
    const content = bytes(700, 7);
    const a = await upload(s, customer, '/api/customer/files/my-files?name=a.bin', content);
    const b = await upload(s, customer, '/api/customer/files/my-files?name=b.bin', content);
    expect(a.body.sha256).toBe(b.body.sha256);
    expect((await blobFiles(s)).filter((f) => f.endsWith(a.body.sha256))).toHaveLength(1);
    await s.api('DELETE', `/api/customer/files/my-files/${a.body.id}`, { token: customer });
    expect(sha256((await download(s, customer, `/api/customer/files/${b.body.id}/download`)).body)).toBe(sha256(content));
  });

  it('records every publishing write in the change log for the consoles', async () => {
    const [{ before }] = await s.ctx.db.query<{ before: number }>('SELECT max(seq) AS before FROM changes') as [{ before: number }];
    await mkdir('Drafts', 'free', null, 'X-Cart');
    await publish('X-Cart/Drafts', 'notes.txt', Buffer.from('draft notes'), false);
    expect((await s.api('DELETE', `/api/admin/files/${file['notes.txt']!.id}`, { token: admin })).status).toBe(200);
    expect((await s.api('DELETE', `/api/admin/file-folders/${folder['X-Cart/Drafts']}`, { token: admin })).status).toBe(200);
    const log = await s.ctx.db.query<{ entity: string; op: string; entityId: number; scopes: string[] }>(
      'SELECT entity, op, entity_id AS "entityId", scopes FROM changes WHERE seq > $1 ORDER BY seq', [before],
    );
    expect(log.map((c) => `${c.entity}:${c.op}:${c.entityId}`)).toEqual([
      `file_folder:upsert:${folder['X-Cart/Drafts']}`, `file:upsert:${file['notes.txt']!.id}`, `file:delete:${file['notes.txt']!.id}`, `file_folder:delete:${folder['X-Cart/Drafts']}`,
    ]);
    expect(log.every((c) => c.scopes.includes('files'))).toBe(true);
  });

  it('refuses a second folder or file of the same name in one folder, naming the field', async () => {
    const dup = await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'distribution KITS', access: 'product', product: 'X-Cart', parentId: folder['X-Cart'] } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ error: 'folder_exists', field: 'body.name' });
    const before = (await blobFiles(s)).length;
    const again = await upload(s, admin, `/api/admin/file-folders/${folder['X-Cart/Distribution kits']}/files?name=X-CART-4.1.9-GOLD.TGZ`, bytes(10, 99));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'file_exists', field: 'query.name' });
    expect((await blobFiles(s)).length).toBe(before);
    const badProduct = await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'Docs', access: 'product' } });
    expect(badProduct.status).toBe(400);
    expect(badProduct.body.field).toBe('body.product');
  });

  it('lets only admins publish, with the reason', async () => {
    for (const email of ['engineer@example.com', 'dispatcher@example.com', 'billing@example.com']) {
      const token = await s.login(email);
      const res = await s.api('POST', '/api/admin/file-folders', { token, body: { name: 'Mine', access: 'free' } });
      expect(res.status, email).toBe(403);
      expect(res.body.message).toBe('Only admins publish the file area; ask an admin to change folders or files');
      expect((await upload(s, token, `/api/admin/file-folders/${folder['Sales-n-Stats']}/files?name=x.txt`, Buffer.from('x'))).status, email).toBe(403);
    }
  });

  it('answers a customer of another account 404 for files it may not see, and lets billing and admins download any file', async () => {
    const hash = await hashPassword(demoPassword);
    const [acc] = await s.ctx.db.query<{ id: number }>(`INSERT INTO accounts (company, contact_email, created_at) VALUES ('Other Shop', 'other@example.com', 0) RETURNING id`);
    const [u] = await s.ctx.db.query<{ id: number }>(`INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, 'other@example.com', 'Otto Other', 'customer.primary', $2, 0) RETURNING id`, [acc!.id, hash]);
    await s.ctx.db.query('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [acc!.id, u!.id]);
    const other = await s.login('other@example.com');
    const mine = await upload(s, customer, '/api/customer/files/my-files?name=private.txt', Buffer.from('private'));
    const res = await download(s, other, `/api/customer/files/${mine.body.id}/download`);
    expect(res.status).toBe(404);
    expect(res.json().message).toBe(`file ${mine.body.id} not found`);
    expect((await download(s, other, '/api/customer/files/987654/download')).json().message).toBe('file 987654 not found');
    expect((await s.api('DELETE', `/api/customer/files/my-files/${mine.body.id}`, { token: other })).status).toBe(404);
    // Another account's paid product folder: the same 404.
    await setLicenses(s, accountId, [{ product: 'X-Cart', status: 'active' }]);
    expect((await download(s, other, `/api/customer/files/${file['x-cart-4.1.9-gold.tgz']!.id}/download`)).status).toBe(404);
    // Other staff only as the staff of one of the account's tickets (tests/main/leastPrivilege.test.ts).
    for (const token of [await s.login('admin@example.com'), await s.login('billing@example.com')]) {
      expect((await download(s, token, `/api/staff/files/${mine.body.id}/download`)).body.toString()).toBe('private');
    }
  });
});
