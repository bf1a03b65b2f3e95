/**
 * The file area in the console against the real server (web host, real console core, a TCP
 * proxy standing for the network): a download cut mid-way resumes after a restart to the same
 * sha256 and one cached blob; a cached file is listed and opens with the server out of reach;
 * uploads staged offline (a folder publication and a reply's attachment) go out once when the
 * server is back; refusals keep their reason; the account's file area computed offline
 * matches the server's answer for the same account.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { hashFile } from '../../src/main/files/blobCache';
import { startWebHost, type WebHost } from '../../src/main/web/webHost';
import { consoleContract } from '../../src/shared/console/contract';
import { stageUploadMaxBytes } from '../../src/shared/console/fileSchemas';
import { write } from '../../src/server/sync/changeLog';
import { bytes, sha256, upload } from '../support/fileArea';
import { startTestServer, type TestServer } from '../support/testServer';
import { createCustomerTicket, placeholderRenderer, SocketClient, soon, type NewTicket } from './support/consoleStack';
import { TcpProxy } from './support/tcpProxy';

describe('the file area in the console', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let core: ConsoleCore;
  let web: WebHost;
  let client: SocketClient;
  let admin: string;
  let folderId: number;
  let kit: { id: number; sha256: string; size: number };
  let ticket: NewTicket;
  let accountId: number;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-files-'));
  const renderer = placeholderRenderer();
  const content = bytes(2_000_000, 11);
  /** The network as the console sees it: when set, the next upload reaches the server but its answer is lost behind a proxy's 502. */
  let loseNextUploadAnswer = false;
  /** When set, the console's pulls of changes fail (a proxy answering 503 for them), uploads still pass. */
  let failPulls = false;
  const faultyFetch: typeof fetch = async (input, init) => {
    if (failPulls && /\/api\/sync\/changes/.test(String(input))) return new Response('<html>503 Service Unavailable</html>', { status: 503 });
    const res = await fetch(input, init);
    if (!loseNextUploadAnswer || init?.method !== 'POST' || !/\/files\?|\/attachments\?/.test(String(input))) return res;
    loseNextUploadAnswer = false;
    await res.arrayBuffer();
    return new Response('<html>502 Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' });
  };

  /** Core, web host and socket on the data folder: a console start (resuming the saved session). */
  async function startConsole(): Promise<void> {
    core = await createConsoleCore({ dataDir, fetch: faultyFetch, engineOptions: { backoff: { baseMs: 50, maxMs: 300, random: () => 1 } }, uploadBackoff: { baseMs: 100, maxMs: 500 } });
    web = await startWebHost({ core, port: 0, renderer: { dir: renderer } });
    client = await SocketClient.connect(web.url);
  }
  async function stopConsole(): Promise<void> {
    client.close();
    await web.close();
    await core.close();
  }
  const online = async () => (await client.call('sync.status')).online as boolean;
  const blobFiles = () => {
    const root = path.join(dataDir, 'blobs');
    return readdirSync(root).flatMap((d) => readdirSync(path.join(root, d)).map((f) => path.join(d, f)));
  };

  beforeAll(async () => {
    server = await startTestServer('pglite');
    admin = await server.login('admin@example.com');
    folderId = (await server.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'X-Cart 4.1.x', access: 'free' } })).body.id;
    const up = await upload(server, admin, `/api/admin/file-folders/${folderId}/files?name=x-cart-4.1.9.tgz&note=${encodeURIComponent('For 4.1.9 and later')}&published=true`, content);
    expect(up.status).toBe(201);
    kit = { id: up.body.id, sha256: up.body.sha256, size: content.length };
    ticket = await createCustomerTicket(server, 'Please check my shop');
    [{ accountId }] = (await server.ctx.db.query<{ accountId: number }>('SELECT account_id AS "accountId" FROM users WHERE email = $1', ['customer@example.com'])) as [{ accountId: number }];
    proxy = await TcpProxy.start(server.url);
    await startConsole();
    await client.call('auth.signIn', { serverUrl: proxy.url, email: 'admin@example.com', password: 'switchboard' });
    await core.firstSync();
  });
  afterAll(async () => {
    await stopConsole();
    await proxy.stop();
    await server.close();
  });

  it('lists the tree with notes; a download cut mid-way resumes after a restart to the same sha256 and one blob', async () => {
    const tree = await client.call('files.tree');
    expect(tree.folders).toContainEqual(expect.objectContaining({ id: folderId, name: 'X-Cart 4.1.x', access: 'free' }));
    expect(tree.files.find((f: { id: number }) => f.id === kit.id)).toMatchObject({ name: 'x-cart-4.1.9.tgz', note: 'For 4.1.9 and later', size: kit.size, published: true, cached: false });

    // The answer stalls after ~300 KB; the connection is then cut, as a network would.
    proxy.hold(300_000);
    const first = client.request('files.fetch', { kind: 'file', id: kit.id });
    const part = path.join(dataDir, 'blobs', kit.sha256.slice(0, 2), `${kit.sha256}.part`);
    const partSize = () => {
      try {
        return statSync(part).size;
      } catch {
        return 0;
      }
    };
    await expect.poll(partSize, { ...soon, message: 'part of the download on disk' }).toBeGreaterThan(100_000);
    proxy.cut();
    proxy.hold(null);
    const cut = await first;
    expect(cut).toMatchObject({ ok: false, error: { code: 'transfer_interrupted' } });
    if (!cut.ok) expect(cut.error.message).toMatch(/fetch it again to resume/);
    const left = partSize();
    expect(left).toBeGreaterThan(100_000);
    expect(left).toBeLessThan(kit.size);
    await client.waitForEvent('fileProgress', (p) => p.id === kit.id && p.state === 'failed');

    await stopConsole();
    await startConsole();
    await expect.poll(online, { ...soon, message: 'console online again' }).toBe(true);
    const fetched = await client.call('files.fetch', { kind: 'file', id: kit.id });
    expect(fetched).toEqual({ sha256: kit.sha256, size: kit.size, cached: true, resumedFrom: left });
    expect(blobFiles()).toEqual([path.join(kit.sha256.slice(0, 2), kit.sha256)]);
    expect(await hashFile(path.join(dataDir, 'blobs', blobFiles()[0]!))).toBe(sha256(content));
    await client.waitForEvent('fileProgress', (p) => p.id === kit.id && p.state === 'done' && p.received === kit.size);
    const again = await client.call('files.tree');
    expect(again.files.find((f: { id: number }) => f.id === kit.id)).toMatchObject({ cached: true, progress: null });
  });

  it('lists a cached file and opens it with the server out of reach', async () => {
    await proxy.stop();
    await expect.poll(online, { ...soon, message: 'console offline' }).toBe(false);
    const tree = await client.call('files.tree');
    expect(tree.files.find((f: { id: number }) => f.id === kit.id)).toMatchObject({ cached: true });
    const opened = await client.call('files.open', { kind: 'file', id: kit.id });
    expect(opened).toMatchObject({ shown: false, downloadUrl: expect.stringMatching(/^\/console-files\//) });
    const res = await fetch(web.url + opened.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="x-cart-4.1.9.tgz"; filename*=UTF-8''x-cart-4.1.9.tgz`);
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(kit.sha256);
    // One use only: the address is no key to the cache.
    expect((await fetch(web.url + opened.downloadUrl)).status).toBe(404);
  });

  it('sends uploads staged offline once the server is back: a publication and a reply\'s attachment', async () => {
    expect(await online()).toBe(false);
    const notes = Buffer.from('Release notes for 4.1.10\n');
    const published = await client.call('files.stageUpload', {
      name: 'release-notes.txt', dataBase64: notes.toString('base64'), target: { kind: 'folder', folderId, note: 'What changed in 4.1.10' },
    });
    expect(published).toMatchObject({ name: 'release-notes.txt', size: notes.length, state: 'queued', sha256: sha256(notes) });
    const clientRef = 'attach-test-0001';
    const screenshot = bytes(5000, 12);
    const staged = await client.call('files.stageUpload', { name: 'screenshot.png', dataBase64: screenshot.toString('base64'), target: { kind: 'ticket', ticketId: ticket.id, clientRef } });
    expect(staged.state).toBe('draft');
    await client.call('ticket.reply', { ticketId: ticket.id, body: 'The screenshot shows the fix.', clientRef });
    expect((await client.call('files.uploads', { ticketId: ticket.id })).map((u: { state: string }) => u.state)).toEqual(['waitingForReply']);

    await proxy.resume();
    await expect.poll(async () => (await client.call('files.uploads')).every((u: { state: string }) => u.state === 'sent'), { timeout: 30_000, message: 'uploads sent' }).toBe(true);
    const [message] = await server.ctx.db.query<{ id: number }>('SELECT id FROM ticket_messages WHERE client_ref = $1', [clientRef]);
    const attachments = await server.ctx.db.query<{ messageId: number; sha256: string }>('SELECT message_id AS "messageId", sha256 FROM attachments WHERE ticket_id = $1', [ticket.id]);
    expect(attachments).toEqual([{ messageId: message!.id, sha256: sha256(screenshot) }]);
    const files = await server.ctx.db.query<{ note: string; published: boolean }>('SELECT note, published FROM files WHERE folder_id = $1 AND name = $2', [folderId, 'release-notes.txt']);
    expect(files).toEqual([{ note: 'What changed in 4.1.10', published: true }]);
    // The server's rows come back through sync; the staged bytes are already cached here. The
    // publication and the attachment may come back in different pulls: wait for each.
    await expect.poll(async () => (await client.call('files.tree')).files.find((f: { name: string }) => f.name === 'release-notes.txt')?.cached, { ...soon, message: 'publication in the tree' }).toBe(true);
    const attachment = await vi.waitFor(async () => {
      const found = (await client.call('ticket.detail', { ticketId: ticket.id })).attachments.find((a: { fileName: string }) => a.fileName === 'screenshot.png');
      expect(found, 'the attachment in the ticket').toBeDefined();
      return found;
    }, soon);
    expect(attachment).toMatchObject({ fileName: 'screenshot.png', messageId: message!.id });
    // Once: a later reconnect sends nothing again.
    proxy.cut();
    await expect.poll(online, { ...soon, message: 'online after a reconnect' }).toBe(true);
    await client.call('sync.now');
    const [{ n }] = (await server.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE ticket_id = $1', [ticket.id])) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('keeps a refused upload with the server\'s reason, and refuses bad input naming the field without queuing anything', async () => {
    const before = (await client.call('files.uploads')).length;
    const dup = await client.call('files.stageUpload', { name: 'release-notes.txt', dataBase64: Buffer.from('other text').toString('base64'), target: { kind: 'folder', folderId } });
    const refused = await vi.waitFor(async () => {
      const failed = (await client.call('files.uploads')).find((u: { id: number; state: string }) => u.id === dup.id && u.state === 'failed');
      expect(failed, 'refusal').toBeDefined();
      return failed;
    }, soon);
    expect(refused.error.message).toMatch(/release-notes\.txt/);
    expect(refused.error.code).not.toBe('server_unreachable');
    await client.call('files.discardUpload', { uploadId: dup.id });

    const bad = [
      [{ name: '../evil.sh', dataBase64: 'aGk=', target: { kind: 'folder', folderId } }, 'name', /path separator/],
      [{ name: 'COM1.txt', dataBase64: 'aGk=', target: { kind: 'folder', folderId } }, 'name', /Windows reserves that name/],
      [{ name: 'report.txt:evil.exe', dataBase64: 'aGk=', target: { kind: 'folder', folderId } }, 'name', /Windows does not allow/],
      [{ name: 'ok.txt', dataBase64: 'not base64!', target: { kind: 'folder', folderId } }, 'dataBase64', /base64/],
      [{ name: 'ok.txt', dataBase64: 'aGk=', target: { kind: 'folder', folderId: 999_999 } }, 'target.folderId', /not in this console/],
      [{ name: 'ok.txt', dataBase64: 'aGk=', target: { kind: 'ticket', ticketId: 999_999 } }, 'target.ticketId', /not in this console/],
    ] as const;
    for (const [input, field, reason] of bad) {
      const reply = await client.request('files.stageUpload', input);
      expect(reply).toMatchObject({ ok: false, error: { field } });
      if (!reply.ok) expect(reply.error.message).toMatch(reason);
    }
    const tooBig = consoleContract['files.stageUpload'].input.safeParse({ name: 'big.bin', dataBase64: 'A'.repeat(Math.ceil(stageUploadMaxBytes / 3) * 4 + 4), target: { kind: 'folder', folderId } });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0]).toMatchObject({ path: ['dataBase64'], message: expect.stringMatching(/larger than 20 MB/) });
    expect((await client.call('files.uploads')).length).toBe(before);
  });

  /** Stages an upload whose first answer is lost behind a 502, and waits until it is sent or refused. */
  async function stageWithLostAnswer(name: string, content: Buffer, target: unknown): Promise<{ state: string; serverId: number | null; error: unknown }> {
    loseNextUploadAnswer = true;
    const staged = await client.call('files.stageUpload', { name, dataBase64: content.toString('base64'), target });
    const settled = await vi.waitFor(async () => {
      const u = (await client.call('files.uploads')).find((x: { id: number; state: string }) => x.id === staged.id && (x.state === 'sent' || x.state === 'failed'));
      expect(u, 'the upload settled').toBeDefined();
      return u;
    }, soon);
    expect(loseNextUploadAnswer, 'the first answer was lost').toBe(false);
    return settled;
  }

  it('marks an upload sent, not refused, when the server stored it and its answer was lost (the repeat would be refused as a duplicate name)', async () => {
    const settled = await stageWithLostAnswer('upgrade-notes.txt', Buffer.from('Upgrade notes for 4.1.11\n'), { kind: 'folder', folderId });
    const stored = await server.ctx.db.query<{ id: number }>('SELECT id FROM files WHERE folder_id = $1 AND name = $2', [folderId, 'upgrade-notes.txt']);
    expect(stored.length).toBe(1);
    expect(settled).toMatchObject({ state: 'sent', serverId: stored[0]!.id, error: null });
  });

  it('stores an attachment once when its answer was lost and no pull can tell whether it arrived', async () => {
    // The sender cannot look in synced rows here: the repeat's key makes the server answer
    // with the row the first attempt stored.
    failPulls = true;
    try {
      const settled = await stageWithLostAnswer('fatal.log', Buffer.from('2026-12-04 02:10:07 fatal: cart.php line 118\n'), { kind: 'ticket', ticketId: ticket.id });
      const stored = await server.ctx.db.query<{ id: number }>('SELECT id FROM attachments WHERE ticket_id = $1 AND file_name = $2', [ticket.id, 'fatal.log']);
      expect(stored.length).toBe(1);
      expect(settled).toMatchObject({ state: 'sent', serverId: stored[0]!.id, error: null });
    } finally {
      failPulls = false;
    }
  });

  it('shows the account\'s file area as its primary user sees it, matching the server, from the cache', async () => {
    const mkdir = async (name: string, access: string, product: string | null, parentId: number | null = null) =>
      (await server.api('POST', '/api/admin/file-folders', { token: admin, body: { name, access, product, parentId } })).body.id as number;
    const xcart = await mkdir('X-Cart', 'product', 'X-Cart');
    const lc = await mkdir('LiteCommerce', 'product', 'LiteCommerce');
    const addons = await mkdir('Add-ons (commercial)', 'addon', 'LiteCommerce', lc);
    await mkdir('Egoods', 'addon', 'Egoods', addons);
    await upload(server, admin, `/api/admin/file-folders/${xcart}/files?name=xcart-kit.zip&published=true`, bytes(100, 13));
    await upload(server, admin, `/api/admin/file-folders/${lc}/files?name=lc-kit.zip&published=true`, bytes(100, 14));
    await upload(server, admin, `/api/admin/file-folders/${xcart}/files?name=draft.zip&published=false`, bytes(100, 15));
    // Licenses as billing would leave them, through the change log so consoles sync them.
    await write(server.ctx.db, server.clock.now(), async (w) => {
      for (const [product, status] of [['X-Cart', 'active'], ['LiteCommerce', 'pending']]) {
        const [l] = await w.query<{ id: number }>(
          `INSERT INTO licenses (key, product, kind, edition, account_id, status, created_at, updated_at) VALUES ($1, $2, 'main', 'Gold', $3, $4, 0, 0) RETURNING id`,
          [`FILES-${product}`, product, accountId, status],
        );
        w.changed('license', l!.id);
      }
    });
    const customer = await server.login('customer@example.com');
    expect((await upload(server, customer, '/api/customer/files/my-files?name=my-logo.png', bytes(300, 16))).status).toBe(201);
    expect((await upload(server, customer, `/api/customer/tickets/${ticket.number}/attachments?name=error-log.txt`, bytes(200, 17))).status).toBe(201);

    const expected = (await server.api('GET', `/api/staff/accounts/${accountId}/file-area`, { token: admin })).body;
    const byId = (area: { folders: Array<{ id: number }> }) => Object.fromEntries(area.folders.map((f) => [f.id, f]));
    const local = await vi.waitFor(async () => {
      const view = await client.call('files.accountView', { accountId });
      const ready = view.myFiles.files.length === 1 && view.ticketAttachments.files.length === expected.ticketAttachments.files.length && view.folders.length === expected.folders.length;
      expect(ready && view.folders.find((f: { id: number }) => f.id === lc)?.code === 'license_pending', 'account file area synced').toBe(true);
      return view;
    }, soon);
    expect(local.summary).toEqual(expected.summary);
    expect(byId(local)).toEqual(byId(expected));
    expect(local.myFiles).toEqual(expected.myFiles);
    expect(local.ticketAttachments).toEqual(expected.ticketAttachments);
    expect(local.account).toEqual(expected.account);
    // The reasons are the customer's: shown and hidden folders each say why.
    expect(byId(local)[xcart]).toMatchObject({ visible: true, code: 'active_license', publishedFiles: 1 });
    expect(byId(local)[addons]).toMatchObject({ visible: false, code: 'license_pending', files: [] });

    // Offline, the same answer from the cache.
    await proxy.stop();
    await expect.poll(online, { ...soon, message: 'console offline' }).toBe(false);
    expect(byId(await client.call('files.accountView', { accountId }))).toEqual(byId(expected));
    await proxy.resume();
  });

  it('never opens a file under a name Windows cannot hold, though one stored before the rule has it', async () => {
    // As a file uploaded before the rule came in: written straight to the database, through the change log.
    await write(server.ctx.db, server.clock.now(), async (w) => {
      await w.query('UPDATE files SET name = $2, version = version + 1 WHERE id = $1', [kit.id, 'CON:stream.tgz.']);
      w.changed('file', kit.id);
    });
    await vi.waitFor(async () => {
      const tree = await client.call('files.tree');
      expect(tree.files.find((f: { id: number }) => f.id === kit.id)?.name, 'the stored name synced').toBe('CON:stream.tgz.');
    }, soon);
    const opened = await client.call('files.open', { kind: 'file', id: kit.id });
    const res = await fetch(web.url + opened.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="CON_stream.tgz"; filename*=UTF-8''CON_stream.tgz`);
    await res.arrayBuffer();
  });
});
