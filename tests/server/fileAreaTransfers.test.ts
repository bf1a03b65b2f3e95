/**
 * Moving bytes, on PGlite and PostgreSQL: a download interrupted and resumed with Range gives
 * the stored file; uploads over the limit or with hostile names are refused with nothing left
 * behind; ticket attachments both ways, with who may see which.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobFiles, bytes, download, sha256, upload } from '../support/fileArea';
import { StaffConsole } from '../support/lifecycle';
import { backends, startTestServer, type TestServer } from '../support/testServer';

const limit = 256 * 1024;

describe.each(backends)('file transfers on %s', (backend) => {
  let s: TestServer;
  let admin: string, customer: string, webmaster: string, engineer: string;
  let folderId: number;
  const rowCount = async () => {
    const [r] = await s.ctx.db.query<{ n: number }>('SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM attachments) AS n');
    return Number(r!.n);
  };
  const ticket = async (type: 'tech' | 'sales', token = customer) => {
    const res = await s.api('POST', '/api/customer/tickets', { token, body: { type, subject: `${type} question`, body: 'see the attached file' } });
    const [t] = await s.ctx.db.query<{ id: number }>('SELECT id FROM tickets WHERE number = $1', [res.body.number]);
    return { id: t!.id, number: res.body.number as number };
  };

  beforeAll(async () => {
    s = await startTestServer(backend, { config: { fileUploadMaxBytes: limit } });
    [admin, customer, webmaster, engineer] = (await Promise.all(['admin@example.com', 'customer@example.com', 'webmaster@example.com', 'engineer@example.com'].map((e) => s.login(e)))) as [string, string, string, string];
    folderId = (await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'Sales-n-Stats', access: 'free' } })).body.id;
  });
  afterAll(() => s.close());

  it('resumes an interrupted download with Range and ends with the stored sha256', async () => {
    const content = bytes(200_000, 5);
    const up = await upload(s, admin, `/api/admin/file-folders/${folderId}/files?name=sns-1.1.2.zip&published=true`, content);
    expect(up.status).toBe(201);
    const url = `/api/customer/files/${up.body.id}/download`;
    // Read a part, then drop the connection.
    const ctrl = new AbortController();
    const res = await fetch(s.url + url, { headers: { authorization: `Bearer ${customer}` }, signal: ctrl.signal });
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe('200000');
    const etag = res.headers.get('etag')!;
    const reader = res.body!.getReader();
    const parts: Buffer[] = [];
    let got = 0;
    while (got < 50_000) {
      const { value } = await reader.read();
      parts.push(Buffer.from(value!));
      got += value!.length;
    }
    ctrl.abort();
    expect(got).toBeLessThan(content.length);
    const rest = await download(s, customer, url, { range: `bytes=${got}-`, 'if-range': etag });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes ${got}-199999/200000`);
    expect(Number(rest.headers.get('content-length'))).toBe(200_000 - got);
    expect(sha256(Buffer.concat([...parts, rest.body]))).toBe(up.body.sha256);
    expect(up.body.sha256).toBe(sha256(content));
  });

  it('answers the other Range forms: suffix, past the end, a stale If-Range', async () => {
    const content = bytes(1000, 6);
    const up = await upload(s, admin, `/api/admin/file-folders/${folderId}/files?name=ranges.bin&published=true`, content);
    const url = `/api/customer/files/${up.body.id}/download`;
    const tail = await download(s, customer, url, { range: 'bytes=-100' });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(content.subarray(900))).toBe(true);
    const middle = await download(s, customer, url, { range: 'bytes=10-19' });
    expect(middle.body.equals(content.subarray(10, 20))).toBe(true);
    const past = await download(s, customer, url, { range: 'bytes=5000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    // Other bytes than the download started with: the whole file again, not a mix.
    const stale = await download(s, customer, url, { range: 'bytes=500-', 'if-range': `"${'0'.repeat(64)}"` });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(1000);
  });

  it('refuses an upload over the limit with 413 naming it, leaving no blob and no row', async () => {
    const rows = await rowCount();
    const blobs = (await blobFiles(s)).length;
    const declared = await upload(s, customer, '/api/customer/files/my-files?name=huge.sql.gz', bytes(limit + 1, 8));
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: 'file_too_large', field: 'body', maxBytes: limit, message: `body: the file is larger than the upload limit of ${limit} bytes` });
    // Without a Content-Length the limit trips while the bytes stream in.
    const chunk = bytes(64 * 1024, 9);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= limit * 2) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const counted = await upload(s, customer, '/api/customer/files/my-files?name=huge2.sql.gz', stream).catch((err: Error) => ({ status: 0, body: err.message }));
    if (counted.status !== 0) expect(counted.status).toBe(413); // the server may close before the client reads its answer
    expect(await rowCount()).toBe(rows);
    await expect.poll(async () => (await blobFiles(s)).length).toBe(blobs);
    const exact = await upload(s, customer, '/api/customer/files/my-files?name=exact.bin', bytes(limit, 10));
    expect(exact.status).toBe(201);
  });

  it('refuses hostile file names with a 400 naming the field and the reason, before reading a byte', async () => {
    const blobs = (await blobFiles(s)).length;
    const cases: Array<[string, string]> = [
      ['../../etc/passwd', 'must not contain a path separator (/ or \\)'],
      ['a\\b.txt', 'must not contain a path separator (/ or \\)'],
      ['..', 'must not be "." or ".."'],
      ['', 'must not be empty'],
      ['bell\u0007.txt', 'must not contain control characters'],
      ['line\nbreak.txt', 'must not contain control characters'],
      ['invoice\u202Efdp.exe', 'must not contain bidirectional control characters'],
      [`${'é'.repeat(128)}.txt`, 'must be at most 255 bytes (UTF-8)'],
      [' spaced.txt', 'must not begin or end with white space'],
      ['trailing.txt ', 'must not begin or end with white space'],
      // Names Windows cannot hold, or holds as something else.
      ['report.txt:evil.exe', 'must not contain any of < > : " | ? * (Windows does not allow them in file names)'],
      ['a<b>|?*.txt', 'must not contain any of < > : " | ? * (Windows does not allow them in file names)'],
      ['quote".txt', 'must not contain any of < > : " | ? * (Windows does not allow them in file names)'],
      ['trailing.', 'must not end with a dot (Windows drops it)'],
      ['CON', 'must not be CON, with or without an extension: Windows reserves that name for a device'],
      ['nul', 'must not be NUL, with or without an extension: Windows reserves that name for a device'],
      ['COM1.txt', 'must not be COM1, with or without an extension: Windows reserves that name for a device'],
      ['lpt9.tar.gz', 'must not be LPT9, with or without an extension: Windows reserves that name for a device'],
      ['con .txt', 'must not be CON, with or without an extension: Windows reserves that name for a device'],
    ];
    for (const [name, reason] of cases) {
      const res = await upload(s, customer, `/api/customer/files/my-files?name=${encodeURIComponent(name)}`, Buffer.from('x'));
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(res.body, JSON.stringify(name)).toMatchObject({ error: 'invalid_file_name', field: 'query.name', message: `query.name: ${reason}` });
    }
    const missing = await upload(s, customer, '/api/customer/files/my-files', Buffer.from('x'));
    expect(missing.body).toMatchObject({ field: 'query.name', message: 'query.name: must not be empty' });
    const header = await upload(s, customer, '/api/customer/files/my-files', Buffer.from('x'), { 'x-file-name': encodeURIComponent('../x') });
    expect(header.body).toMatchObject({ field: 'headers.x-file-name' });
    const nul = await upload(s, customer, '/api/customer/files/my-files?name=a%00b', Buffer.from('x'));
    expect(nul.status).toBe(400);
    const folder = await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: '../up', access: 'free' } });
    expect(folder.body).toMatchObject({ field: 'body.name', message: 'body.name: must not contain a path separator (/ or \\)' });
    const device = await s.api('POST', '/api/admin/file-folders', { token: admin, body: { name: 'AUX', access: 'free' } });
    expect(device).toMatchObject({ status: 400, body: { field: 'body.name', message: expect.stringContaining('Windows reserves that name') } });
    // Near misses are fine: a device name inside a longer one, a leading dot.
    for (const name of ['console.log', 'CONFIG.SYS', 'com10.txt', '.htaccess']) {
      expect((await upload(s, customer, `/api/customer/files/my-files?name=${encodeURIComponent(name)}`, Buffer.from('x'))).status, name).toBe(201);
    }
    expect((await blobFiles(s)).length).toBe(blobs + 1);
    // A name in the header, percent-encoded, arrives whole.
    const ok = await upload(s, customer, '/api/customer/files/my-files', Buffer.from('x'), { 'x-file-name': encodeURIComponent('Überweisung März.pdf') });
    expect(ok.body.name).toBe('Überweisung März.pdf');
  });

  it('refuses a JSON body on an upload route and raw bytes on a JSON route', async () => {
    const json = await s.api('POST', '/api/customer/files/my-files?name=a.txt', { token: customer, body: { a: 1 } });
    expect(json.status).toBe(415);
    const raw = await upload(s, customer, '/api/customer/tickets', Buffer.from('{}'));
    expect(raw.status).toBe(415);
  });

  it('attaches files to tickets both ways, each side seeing what it should', async () => {
    const t = await ticket('tech');
    const mine = await upload(s, webmaster, `/api/customer/tickets/${t.number}/attachments?name=checkout-error.png`, bytes(3000, 11));
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ ticketNumber: t.number, fileName: 'checkout-error.png', fromStaff: false, size: 3000 });
    // The engineer (Tech support) sees the ticket: downloads the customer's file, attaches one for a reply.
    expect(sha256((await download(s, engineer, `/api/staff/attachments/${mine.body.id}/download`)).body)).toBe(sha256(bytes(3000, 11)));
    const draft = await upload(s, engineer, `/api/staff/tickets/${t.id}/attachments?name=fix-checkout.diff`, Buffer.from('--- a/cart.php\n+++ b/cart.php\n'));
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ id: expect.any(Number), fromStaff: true, messageId: null });
    const list = async (token: string) => ((await s.api('GET', `/api/customer/tickets/${t.number}/attachments`, { token })).body.attachments as Array<{ id: number }>).map((a) => a.id);
    // Not on a message yet: the customer does not see it.
    expect(await list(customer)).toEqual([mine.body.id]);
    expect((await download(s, customer, `/api/customer/tickets/${t.number}/attachments/${draft.body.id}`)).status).toBe(404);
    const engineerConsole = new StaffConsole(s, engineer);
    await engineerConsole.push('ticket.claim', { ticketId: t.id });
    await engineerConsole.push('ticket.note', { ticketId: t.id, body: 'internal: customer edited cart.php' });
    await engineerConsole.push('ticket.reply', { ticketId: t.id, body: 'Please apply the attached patch.' });
    const msgs = await s.ctx.db.query<{ id: number; kind: string }>('SELECT id, kind FROM ticket_messages WHERE ticket_id = $1 ORDER BY id', [t.id]);
    const note = msgs.find((m) => m.kind === 'note')!.id;
    const reply = msgs.find((m) => m.kind === 'staff')!.id;
    const onNote = await upload(s, engineer, `/api/staff/tickets/${t.id}/attachments?name=internal.txt&messageId=${note}`, Buffer.from('internal'));
    const onReply = await upload(s, engineer, `/api/staff/tickets/${t.id}/attachments?name=patch.diff&messageId=${reply}`, Buffer.from('patch'));
    expect((await list(webmaster)).sort()).toEqual([mine.body.id, onReply.body.id].sort());
    expect((await download(s, customer, `/api/customer/tickets/${t.number}/attachments/${onNote.body.id}`)).status).toBe(404);
    expect((await download(s, webmaster, `/api/customer/tickets/${t.number}/attachments/${onReply.body.id}`)).body.toString()).toBe('patch');
    // The primary user's Ticket attachments folder lists the same.
    const folder = await s.api('GET', '/api/customer/files/ticket-attachments', { token: customer });
    expect(folder.body.attachments.map((a: { id: number }) => a.id)).toEqual(expect.arrayContaining([mine.body.id, onReply.body.id]));
    expect(folder.body.attachments.map((a: { id: number }) => a.id)).not.toContain(onNote.body.id);
    // The change log carries each attachment to the ticket's scopes.
    const [logged] = await s.ctx.db.query<{ scopes: string[] }>(`SELECT scopes FROM changes WHERE entity = 'attachment' AND entity_id = $1`, [mine.body.id]);
    expect(logged!.scopes).toContain('tickets');
  });

  it('keeps staff outside a ticket\'s department away from its attachments, and customers away from other accounts\' tickets', async () => {
    const t = await ticket('sales');
    const att = await upload(s, customer, `/api/customer/tickets/${t.number}/attachments?name=invoice-scan.pdf`, Buffer.from('%PDF-1.4'));
    expect(att.status).toBe(201);
    const denied = await download(s, engineer, `/api/staff/attachments/${att.body.id}/download`);
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ error: 'not_yours' });
    expect((await upload(s, engineer, `/api/staff/tickets/${t.id}/attachments?name=x.txt`, Buffer.from('x'))).status).toBe(403);
    expect((await download(s, await s.login('billing@example.com'), `/api/staff/attachments/${att.body.id}/download`)).status).toBe(200);
    expect((await download(s, await s.login('dispatcher@example.com'), `/api/staff/attachments/${att.body.id}/download`)).status).toBe(200);
    expect((await download(s, customer, `/api/customer/tickets/999999/attachments/${att.body.id}`)).status).toBe(404);
  });

  it('refuses attachments on a closed ticket and to a message of another ticket', async () => {
    const t = await ticket('tech');
    const other = await ticket('tech');
    const [m] = await s.ctx.db.query<{ id: number }>('SELECT id FROM ticket_messages WHERE ticket_id = $1', [other.id]);
    const wrong = await upload(s, customer, `/api/customer/tickets/${t.number}/attachments?name=a.txt&messageId=${m!.id}`, Buffer.from('a'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('query.messageId');
    await s.api('POST', `/api/customer/tickets/${t.number}/close`, { token: customer });
    const rows = await rowCount();
    const closed = await upload(s, customer, `/api/customer/tickets/${t.number}/attachments?name=late.txt`, Buffer.from('late'));
    expect(closed.status).toBe(409);
    expect(closed.body.error).toBe('ticket_closed');
    expect(await rowCount()).toBe(rows);
  });
});
