/**
 * A real IMAP server for the email tests: Debian's dovecot-imapd, started by the test itself
 * in a temp dir on a free port, with one passwd-file user and maildir storage. Dovecot runs
 * unprivileged: as the `dovecot` system user when the tests run as root (as PostgreSQL runs
 * as `postgres`), else as the caller; every service is its own user, without chroots.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './postgres';

const binary = '/usr/sbin/dovecot';

export interface Dovecot {
  port: number;
  user: string;
  pass: string;
  /** IMAP_URL of the mailbox. */
  url(folder?: string): string;
  /** Puts a mail in with IMAP APPEND, as a mail server delivering it would. */
  append(raw: Buffer | string, folder?: string): Promise<void>;
  /** A signed-in client for looking at the mailbox. */
  client(): Promise<ImapFlow>;
  /** Whether each mail of INBOX is flagged \\Seen, in mailbox order. */
  seenFlags(): Promise<boolean[]>;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

function runAs(): { name: string; uid: number; gid: number } {
  if (!asRoot) {
    const me = os.userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  // The Debian package's unprivileged user.
  const line = execFileSync('id', ['dovecot']).toString();
  const uid = Number(/uid=(\d+)/.exec(line)![1]);
  const gid = Number(/gid=(\d+)/.exec(line)![1]);
  return { name: 'dovecot', uid, gid };
}

function config(dir: string, port: number, user: string, group: string): string {
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${user}
default_internal_group = ${group}
default_login_user = ${user}
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    user = ${user}
  }
  unix_listener stats-writer {
    user = ${user}
  }
}
`;
}

/** Resolves once the server greets on the port (the readiness of a starting daemon). */
async function greeting(port: number, child: ChildProcess, deadline: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not greet on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(binary)) throw new Error(`${binary} not found: install it with \`apt-get install dovecot-imapd\` (.ci/run does this)`);
  const who = runAs();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-imap-'));
  const user = 'helpdesk';
  const pass = 'imap-test-secret';
  await writeFile(path.join(dir, 'users'), `${user}:{PLAIN}${pass}:${who.uid}:${who.gid}::${dir}/home\n`);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'dovecot.conf');
    await writeFile(conf, config(dir, port, who.name, asRoot ? 'dovecot' : String(who.gid)));
    if (asRoot) for (const f of [dir, conf, path.join(dir, 'users')]) await chown(f, who.uid, who.gid);
    const [cmd, args] = asRoot ? ['runuser', ['-u', who.name, '--', binary, '-F', '-c', conf]] : [binary, ['-F', '-c', conf]];
    const child = spawn(cmd, args, { stdio: 'ignore' });
    try {
      await greeting(port, child, Date.now() + 15_000);
    } catch (err) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`${String(err)}\n--- dovecot log ---\n${log.slice(-2000)}`);
    }
    const killSync = () => child.kill('SIGKILL');
    process.once('exit', killSync);
    const client = async () => {
      const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger: false });
      await c.connect();
      return c;
    };
    return {
      port, user, pass,
      url: (folder = 'INBOX') => `imap://${user}:${pass}@127.0.0.1:${port}/${folder}`,
      async append(raw, folder = 'INBOX') {
        const c = await client();
        try {
          await c.append(folder, raw);
        } finally {
          await c.logout();
        }
      },
      client,
      async seenFlags() {
        const c = await client();
        try {
          await c.mailboxOpen('INBOX');
          const all = await c.fetchAll('1:*', { uid: true, flags: true });
          return all.map((m) => m.flags?.has('\\Seen') ?? false);
        } finally {
          await c.logout();
        }
      },
      async stop() {
        process.off('exit', killSync);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
