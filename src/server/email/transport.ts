/**
 * Where emails go: an SMTP server through nodemailer, or, on the embedded default without
 * SMTP_HOST, .eml files in DATA_DIR/mail that a developer can open in any mail client.
 * `send` resolves only once the peer has accepted the message (or the file is in place).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { ServerConfig } from '../config/serverConfig';

export interface MailMessage {
  /** Fixed per event, so a receiver can tell a redelivery after a crash from a new email. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where replies go (the ticket's signed reply address). */
  replyTo?: string;
  /** The Message-IDs of the ticket's earlier mail, oldest first: the thread a mail client shows. */
  references?: string[];
  /** Extra headers (the marks of an automatic mail). */
  headers?: Record<string, string>;
}

/** Every mail we send is automatic: an autoresponder must not answer it (RFC 3834), Exchange neither. */
export const automaticMailHeaders = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' } as const;

export interface MailTransport {
  /** For logs: where the mail goes. */
  readonly description: string;
  send(m: MailMessage): Promise<void>;
  close(): void;
}

const fields = (m: MailMessage) => ({
  messageId: m.messageId, from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html,
  replyTo: m.replyTo,
  inReplyTo: m.references?.at(-1),
  references: m.references?.length ? m.references : undefined,
  headers: { ...automaticMailHeaders, ...m.headers },
});

export function smtpTransport(o: { host: string; port: number; secure: boolean; user?: string; pass?: string }): MailTransport {
  const transporter = nodemailer.createTransport({
    host: o.host,
    port: o.port,
    secure: o.secure,
    auth: o.user ? { user: o.user, pass: o.pass ?? '' } : undefined,
    // A few connections kept open and reused: a newsletter's thousands of emails would each
    // pay a connection's set-up (and a provider's rate limit on new connections) otherwise.
    pool: true,
    maxConnections: 3,
    maxMessages: 500,
    // A peer that hangs must not hold a claimed email anywhere near its lease.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    description: `SMTP ${o.host}:${o.port}`,
    async send(m) {
      const info = await transporter.sendMail(fields(m));
      if (info.rejected.length) throw new Error(`the SMTP server rejected ${info.rejected.join(', ')}: ${info.response}`);
    },
    close: () => transporter.close(),
  };
}

/** One file per email, named by its outbox id and event, so a retry overwrites rather than duplicates. */
export function mailFolderTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `files in ${dir}`,
    async send(m) {
      const info = await composer.sendMail(fields(m));
      await mkdir(dir, { recursive: true });
      const name = m.messageId.replace(/^<|@.*$/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
      const file = path.join(dir, `${name}.eml`);
      // Written aside, then renamed: a reader never sees half an email.
      await writeFile(`${file}.part`, info.message as Buffer);
      await rename(`${file}.part`, file);
    },
    close: () => composer.close(),
  };
}

export function transportFromConfig(config: ServerConfig): MailTransport {
  if (!config.smtpHost) return mailFolderTransport(path.join(config.dataDir, 'mail'));
  const secure = config.smtpSecure ?? config.smtpPort === 465;
  return smtpTransport({ host: config.smtpHost, port: config.smtpPort ?? (secure ? 465 : 587), secure, user: config.smtpUser, pass: config.smtpPass });
}

export const defaultFrom = 'Customer account service <helpdesk@localhost>';
