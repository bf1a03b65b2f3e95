/**
 * The inbound SMTP receiver (INBOUND_SMTP_PORT), for sites whose mail server hands the
 * support address straight to the helpdesk. A mail is accepted (250) only once the ingest
 * committed it, so a failure answers 451 and the sending server tries again; a mail over the
 * size limit is refused in the dialogue (552, the limit advertised in EHLO's SIZE). With
 * `lmtp` it speaks LMTP (RFC 2033) on the same terms, for an MTA that delivers by LMTP: the
 * one answer is given for every recipient, since a mail is filed once whoever it names.
 */
import type net from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailIngest } from './ingest';

export class SmtpReceiver {
  private server: SMTPServer | null = null;
  port = 0;

  constructor(
    private readonly ingest: MailIngest,
    private readonly o: { host: string; port: number; maxBytes: number; lmtp?: boolean },
  ) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      lmtp: this.o.lmtp ?? false,
      size: this.o.maxBytes,
      // A relay hop, not a submission server: no accounts to sign in with, no certificate to offer.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      banner: 'Switchboard helpdesk',
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (stream.sizeExceeded) {
            return cb(Object.assign(new Error(`Message exceeds the maximum size of ${this.o.maxBytes} bytes`), { responseCode: 552 }));
          }
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          // As the final delivery hop does (RFC 5321 4.4): an empty envelope sender marks a bounce.
          const raw = Buffer.concat([Buffer.from(`Return-Path: <${mailFrom}>\r\n`), ...chunks]);
          this.ingest.ingest(raw, 'smtp', session.envelope.rcptTo.map((r) => r.address)).then(
            () => cb(),
            (err: unknown) => {
              console.error('inbound SMTP:', err);
              cb(Object.assign(new Error('Temporary failure taking the mail in, try again later'), { responseCode: 451 }));
            },
          );
        });
      },
    });
    this.port = await listenSmtp(server, this.o.port, this.o.host);
    server.on('error', (err) => console.error('inbound SMTP:', err));
    this.server = server;
  }

  async stop(): Promise<void> {
    await closeSmtp(this.server);
    this.server = null;
  }
}

/** Listens; resolves with the port (an ephemeral one for port 0). */
export async function listenSmtp(server: SMTPServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.server.address() as net.AddressInfo).port;
}

export async function closeSmtp(server: SMTPServer | null): Promise<void> {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}
