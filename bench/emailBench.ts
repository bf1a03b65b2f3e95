/**
 * `email_ingest_per_s` (issue 19): 1,000 customer replies taken from a real IMAP server
 * (dovecot, as the tests start it) into their tickets by the IMAP watcher, through the whole
 * ingest (parse, quote stripping, routing, sender check, the portal's ticket rules, the
 * exactly-once record, \Seen after commit). The mails are in the mailbox before the watcher
 * starts; the clock runs from its start to the last mail committed and marked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../src/server/app';
import { openPglite, openPostgres } from '../src/server/db/database';
import { migrate } from '../src/server/db/migrate';
import { ImapWatcher } from '../src/server/email/inbound/imapWatcher';
import { ensureDemoAccounts, demoPassword } from '../src/server/seed/demoAccounts';
import { startDovecot } from '../tests/support/dovecot';
import { composeMail } from '../tests/support/mail';
import { round } from './stats';

const replies = 1000;
const tickets = 100;

export async function measureEmailIngest(o: { databaseUrl?: string; log(line: string): void }): Promise<Record<string, number>> {
  const imap = await startDovecot();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-bench-email-'));
  const db = o.databaseUrl ? await openPostgres(o.databaseUrl) : await openPglite();
  await migrate(db);
  await ensureDemoAccounts(db, Date.now());
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, production: false, accessInfoKey: Buffer.alloc(32, 7).toString('base64'), lifecycleIntervalMs: 0, emailIntervalMs: 0, inboundFloodLimit: 1_000_000 },
    { db },
  );
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'customer@example.com', password: demoPassword }) });
    const { token } = (await login.json()) as { token: string };
    const numbers: number[] = [];
    for (let i = 0; i < tickets; i++) {
      const res = await fetch(`${server.url}/api/customer/tickets`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: 'tech', subject: `Bench ticket ${i}`, body: 'The export stops halfway.', priority: 'normal', hotRush: false }),
      });
      numbers.push(((await res.json()) as { number: number }).number);
    }
    o.log(`putting ${replies} replies into the IMAP mailbox…`);
    const client = await imap.client();
    try {
      for (let i = 0; i < replies; i++) {
        const n = numbers[i % numbers.length]!;
        await client.append('INBOX', await composeMail({
          from: 'Carla <customer@example.com>', subject: `Re: [#${n}] Bench ticket`,
          text: `Reply ${i}: it still stops.\n\nOn Tue, 3 Nov 2026 at 10:00, Helpdesk wrote:\n> ##- Please type your reply above this line -##\n> Dear customer`,
        }));
      }
    } finally {
      await client.logout();
    }
    const watcher = new ImapWatcher(server.mailIngest, { url: imap.url(), pollMs: 3_600_000 });
    const t0 = performance.now();
    watcher.start();
    while (watcher.processed < replies) await new Promise((r) => setTimeout(r, 5));
    await watcher.drain();
    const seconds = (performance.now() - t0) / 1000;
    await watcher.stop();
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_messages WHERE via = 'email'`);
    if (Number(row!.n) !== replies) throw new Error(`email bench: ${row!.n} messages filed, expected ${replies}`);
    return { email_ingest_per_s: round(replies / seconds, 0), email_ingest_1000_ms: round(seconds * 1000, 0) };
  } finally {
    await server.close();
    await db.close();
    await imap.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
