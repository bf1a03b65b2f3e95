/**
 * The console's update feed: only admins upload, only signed-in staff download, and the channel
 * files say exactly what electron-updater checks (version, each file's base64 SHA-512 and size).
 * The channel file is parsed with electron-updater's own parser and file resolution.
 */
import { createHash, randomBytes } from 'node:crypto';
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
const maxBytes = 64 * 1024;

describe.each(backends)('update feed on %s', (backend) => {
  let s: TestServer;
  let admin: string;

  /** Raw-byte upload as an admin tool (curl --data-binary) sends it. */
  const upload = (url: string, bytes: Buffer, token: string | undefined, type = 'application/octet-stream') =>
    fetch(s.url + url, { method: 'PUT', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: bytes });
  const download = (url: string, token?: string) => fetch(s.url + url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** What the blob store holds (sorted hashes, unfinished writes). */
  const storedBlobs = async () => {
    const { stored, pending } = await s.ctx.blobs.inventory();
    return { stored: stored.sort(), pending };
  };
  const feedFiles = async (platform: string) => (await s.api<Array<{ file: string }>>('GET', `/api/admin/updates/${platform}`, { token: admin })).body.map((f) => f.file);

  beforeAll(async () => {
    s = await startTestServer(backend, { config: { updateMaxBytes: maxBytes } });
    admin = await s.login('admin@example.com');
  });
  afterAll(() => s?.close());

  it('takes uploads from admins only: 401 without a session, 403 for every other role, nothing stored', async () => {
    const bytes = randomBytes(1000);
    const url = '/updates/win/Switchboard-Setup-1.0.0.exe?version=1.0.0';
    expect((await upload(url, bytes, undefined)).status).toBe(401);
    for (const email of ['dispatcher@example.com', 'engineer@example.com', 'billing@example.com', 'customer@example.com']) {
      const res = await upload(url, bytes, await s.login(email));
      expect(res.status, email).toBe(403);
    }
    expect((await download('/updates/win/Switchboard-Setup-1.0.0.exe', admin)).status).toBe(404);
    expect(await s.ctx.blobs.inventory()).toEqual({ stored: [], pending: 0 });
  });

  it('stores an installer, writes latest.yml that electron-updater reads, and serves both to staff', async () => {
    const exe = randomBytes(40_000);
    const res = await upload('/updates/win/Switchboard-Setup-1.2.0.exe?version=1.2.0', exe, admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { size: number; sha512: string; channel: { version: string } };
    expect(body).toMatchObject({ size: exe.length, sha512: sha512(exe), channel: { version: '1.2.0' } });
    // In the audit log: who uploaded what.
    const audit = await s.api('GET', '/api/admin/audit?action=updates.upload', { token: admin });
    expect(audit.body.entries[0]).toMatchObject({
      actorUserId: s.ids['admin@example.com'], entity: 'update_feed',
      details: { platform: 'win', file: 'Switchboard-Setup-1.2.0.exe', version: '1.2.0', size: exe.length, sha512: sha512(exe) },
    });

    const engineer = await s.login('engineer@example.com');
    const yml = await download('/updates/win/latest.yml?noCache=1abc', engineer);
    expect(yml.status).toBe(200);
    expect(yml.headers.get('content-type')).toMatch(/yaml/);
    const info = parseUpdateInfo(await yml.text(), 'latest.yml', new URL(`${s.url}/updates/win/latest.yml`));
    expect(info.version).toBe('1.2.0');
    expect(info.files).toEqual([{ url: 'Switchboard-Setup-1.2.0.exe', sha512: sha512(exe), size: exe.length }]);
    expect(info.path).toBe('Switchboard-Setup-1.2.0.exe');
    expect(info.sha512).toBe(sha512(exe));
    expect(Number.isNaN(Date.parse(info.releaseDate))).toBe(false);

    // The URL electron-updater derives from the feed's base URL serves exactly those bytes.
    const [resolved] = resolveFiles(info, new URL(`${s.url}/updates/win/`));
    const file = await download(resolved!.url.pathname, engineer);
    expect(file.status).toBe(200);
    const served = Buffer.from(await file.arrayBuffer());
    expect(sha512(served)).toBe(info.files[0]!.sha512);
    expect(served.length).toBe(info.files[0]!.size);
    // An interrupted installer download resumes where it stopped.
    expect(file.headers.get('accept-ranges')).toBe('bytes');
    const rest = await fetch(s.url + resolved!.url.pathname, { headers: { authorization: `Bearer ${engineer}`, range: 'bytes=30000-', 'if-range': file.headers.get('etag')! } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes 30000-39999/${exe.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(exe.subarray(30000))).toBe(true);
  });

  it('serves the feed to signed-in staff only', async () => {
    expect((await download('/updates/win/latest.yml')).status).toBe(401);
    expect((await download('/updates/win/latest.yml', await s.login('customer@example.com'))).status).toBe(403);
    for (const email of ['dispatcher@example.com', 'billing@example.com', 'admin@example.com']) {
      expect((await download('/updates/win/latest.yml', await s.login(email))).status, email).toBe(200);
    }
    expect((await download('/updates/win/nothing-1.0.0.exe', admin)).status).toBe(404);
  });

  it('lists the newest version in latest-mac.yml, zip first (Squirrel.Mac installs from it), older releases left out', async () => {
    const oldZip = randomBytes(2000);
    const zip = randomBytes(3000);
    const dmg = randomBytes(4000);
    expect((await upload('/updates/mac/Switchboard-2.0.0-mac.zip?version=2.0.0', oldZip, admin)).status).toBe(200);
    expect((await upload('/updates/mac/Switchboard-2.1.0.dmg?version=2.1.0', dmg, admin)).status).toBe(200);
    expect((await upload('/updates/mac/Switchboard-2.1.0-mac.zip?version=2.1.0', zip, admin)).status).toBe(200);
    expect((await upload('/updates/mac/Switchboard-2.1.0-mac.zip.blockmap?version=2.1.0', randomBytes(100), admin)).status).toBe(200);
    const text = await (await download('/updates/mac/latest-mac.yml', admin)).text();
    const info = parseUpdateInfo(text, 'latest-mac.yml', new URL(`${s.url}/updates/mac/latest-mac.yml`));
    expect(info.version).toBe('2.1.0');
    expect(info.files).toEqual([
      { url: 'Switchboard-2.1.0-mac.zip', sha512: sha512(zip), size: zip.length },
      { url: 'Switchboard-2.1.0.dmg', sha512: sha512(dmg), size: dmg.length },
    ]);
    const listing = await s.api<Array<{ file: string; version: string }>>('GET', '/api/admin/updates/mac', { token: admin });
    expect(listing.body.map((f) => f.file)).toEqual(['Switchboard-2.1.0-mac.zip', 'Switchboard-2.1.0-mac.zip.blockmap', 'Switchboard-2.1.0.dmg', 'Switchboard-2.0.0-mac.zip']);
  });

  it('writes latest-linux.yml with the AppImage and the deb; removing the newest falls back to the one before', async () => {
    const a1 = randomBytes(1500);
    const a2 = randomBytes(1600);
    const deb = randomBytes(1700);
    expect((await upload('/updates/linux/Switchboard-3.0.0.AppImage?version=3.0.0', a1, admin)).status).toBe(200);
    expect((await upload('/updates/linux/switchboard_3.0.1_amd64.deb?version=3.0.1', deb, admin)).status).toBe(200);
    expect((await upload('/updates/linux/Switchboard-3.0.1.AppImage?version=3.0.1', a2, admin)).status).toBe(200);
    const read = async () => parseUpdateInfo(await (await download('/updates/linux/latest-linux.yml', admin)).text(), 'latest-linux.yml', new URL(s.url));
    expect((await read()).files).toEqual([
      { url: 'Switchboard-3.0.1.AppImage', sha512: sha512(a2), size: a2.length },
      { url: 'switchboard_3.0.1_amd64.deb', sha512: sha512(deb), size: deb.length },
    ]);
    expect((await s.api('DELETE', '/updates/linux/Switchboard-3.0.1.AppImage', { token: await s.login('engineer@example.com') })).status).toBe(403);
    expect((await s.api('DELETE', '/updates/linux/Switchboard-3.0.1.AppImage', { token: admin })).status).toBe(200);
    expect((await s.api('DELETE', '/updates/linux/switchboard_3.0.1_amd64.deb', { token: admin })).status).toBe(200);
    const info = await read();
    expect(info.version).toBe('3.0.0');
    expect(info.files).toEqual([{ url: 'Switchboard-3.0.0.AppImage', sha512: sha512(a1), size: a1.length }]);
  });

  it('refuses bad uploads, naming the field and the reason', async () => {
    const before = await storedBlobs();
    const bytes = randomBytes(100);
    const refusal = async (url: string, b = bytes, type?: string) => {
      const res = await upload(url, b, admin, type);
      return { status: res.status, body: (await res.json()) as { field?: string; message: string } };
    };
    expect(await refusal('/updates/win/Switchboard-Setup-1.3.0.exe?version=latest')).toMatchObject({ status: 400, body: { field: 'query.version', message: expect.stringMatching(/semantic version/) } });
    expect(await refusal('/updates/win/Switchboard-Setup-1.3.0.exe')).toMatchObject({ status: 400, body: { field: 'query.version' } });
    expect(await refusal('/updates/win/Switchboard-Setup-1.3.0.dmg?version=1.3.0')).toMatchObject({ status: 400, body: { field: 'params.file', message: expect.stringMatching(/\.exe/) } });
    expect(await refusal('/updates/win/Switchboard-Setup-1.4.0.exe?version=1.3.0')).toMatchObject({ status: 400, body: { field: 'params.file', message: expect.stringMatching(/contain the version 1\.3\.0/) } });
    expect(await refusal('/updates/win/latest.yml?version=1.3.0')).toMatchObject({ status: 400, body: { field: 'params.file', message: expect.stringMatching(/written by the server/) } });
    expect(await refusal('/updates/win/Switchboard%20Setup%201.3.0.exe?version=1.3.0')).toMatchObject({ status: 400, body: { field: 'params.file', message: expect.stringMatching(/no spaces/) } });
    expect(await refusal('/updates/win/..%2F..%2Fsecrets-1.3.0.exe?version=1.3.0')).toMatchObject({ status: 400, body: { field: 'params.file' } });
    expect(await refusal('/updates/beos/Switchboard-1.3.0.exe?version=1.3.0')).toMatchObject({ status: 400, body: { field: 'params.platform' } });
    expect(await refusal('/updates/win/Switchboard-Setup-1.3.0.exe?version=1.3.0', bytes, 'text/plain')).toMatchObject({ status: 415, body: { field: 'body' } });
    expect(await refusal('/updates/win/Switchboard-Setup-1.3.0.exe?version=1.3.0', Buffer.alloc(0))).toMatchObject({ status: 400, body: { field: 'body', message: expect.stringMatching(/empty/) } });
    expect(await refusal('/updates/win/Switchboard-Setup-1.3.0.exe?version=1.3.0', randomBytes(maxBytes + 1))).toMatchObject({ status: 413, body: { field: 'body' } });
    // Nothing refused was kept, not even an unfinished write, and the feed still offers 1.2.0.
    expect(await storedBlobs()).toEqual(before);
    expect((await feedFiles('win')).filter((f) => f.includes('1.3.0'))).toEqual([]);
    expect(await (await download('/updates/win/latest.yml', admin)).text()).toMatch(/version: 1\.2\.0/);
  });

  it('counts the bytes when no Content-Length is sent (chunked), and stops at the limit', async () => {
    const before = await storedBlobs();
    const chunks = async function* () {
      for (let i = 0; i < 3; i++) yield randomBytes(maxBytes / 2);
    };
    const res = await fetch(`${s.url}/updates/win/Switchboard-Setup-1.5.0.exe?version=1.5.0`, {
      method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${admin}` },
      body: ReadableStream.from(chunks()), duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    await expect.poll(storedBlobs).toEqual(before);
    expect((await feedFiles('win')).filter((f) => f.includes('1.5.0'))).toEqual([]);
  });
});
