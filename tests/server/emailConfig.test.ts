/** The mail and scheduler settings of the server configuration, read from the environment. */
import { describe, expect, it } from 'vitest';
import { configFromEnv, publicUrlOf } from '../../src/server/config/serverConfig';
import { retryDelayMs } from '../../src/server/email/emailSender';
import { escapeHtml, renderTicketEmail } from '../../src/server/email/templates';
import { transportFromConfig } from '../../src/server/email/transport';
import { describePeriod } from '../../src/server/lifecycle/describePeriod';

describe('mail configuration', () => {
  it('reads SMTP, sender, public URL and intervals from the environment', () => {
    const c = configFromEnv({
      SMTP_HOST: 'smtp.example.com', SMTP_PORT: '2525', SMTP_USER: 'u', SMTP_PASS: 'p', SMTP_FROM: 'Help <help@example.com>',
      PUBLIC_URL: 'https://account.example.com/', LIFECYCLE_INTERVAL_MS: '5000', EMAIL_INTERVAL_MS: '0', INBOUND_AUTHSERV_ID: ' mx.vendor.example ',
    });
    expect(c).toMatchObject({
      smtpHost: 'smtp.example.com', smtpPort: 2525, smtpUser: 'u', smtpPass: 'p', smtpFrom: 'Help <help@example.com>',
      publicUrl: 'https://account.example.com', lifecycleIntervalMs: 5000, emailIntervalMs: 0, inboundAuthservId: 'mx.vendor.example',
    });
    expect(transportFromConfig(c).description).toBe('SMTP smtp.example.com:2525');
    expect(transportFromConfig({ ...c, smtpPort: undefined, smtpSecure: true }).description).toBe('SMTP smtp.example.com:465');
  });

  it('falls back to the mail folder and a local link without SMTP_HOST and PUBLIC_URL', () => {
    const c = configFromEnv({ DATA_DIR: '/tmp/sb-data', PORT: '9000' });
    expect(c.inboundAuthservId).toBeUndefined();
    expect(transportFromConfig(c).description).toBe('files in /tmp/sb-data/mail');
    expect(publicUrlOf(c)).toBe('http://localhost:9000');
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => configFromEnv({ SMTP_PORT: 'smtp' })).toThrow(/SMTP_PORT must be a whole number/);
    expect(() => configFromEnv({ SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/);
    expect(() => configFromEnv({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    expect(() => configFromEnv({ LIFECYCLE_INTERVAL_MS: '-1' })).toThrow(/LIFECYCLE_INTERVAL_MS/);
    expect(() => configFromEnv({ INBOUND_SMTP_LMTP: 'yes' })).toThrow(/INBOUND_SMTP_LMTP must be true or false, got "yes"/);
    expect(() => configFromEnv({ SMTP_SECURE: '1' })).toThrow(/SMTP_SECURE must be true or false/);
  });
});

describe('email rendering and retry timing', () => {
  it('escapes every piece of people\'s text in HTML and keeps the subject on one line', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const e = renderTicketEmail({
      number: 7, ticketSubject: 'Broken\r\nBcc: evil@example.com <b>', headline: 'New reply', greeting: 'Dear <Co>,',
      paragraphs: ['p & q'], quote: { author: 'Eve <e>', body: 'line 1\n<img src=x>' }, link: 'https://a.example/tickets/7?x="y"',
    });
    expect(e.subject).toBe('[#7] New reply: Broken Bcc: evil@example.com <b>');
    expect(e.html).not.toMatch(/<b>|<img|<Co>|<e>/);
    expect(e.html).toContain('href="https://a.example/tickets/7?x=&quot;y&quot;"');
    expect(e.text).toContain('> <img src=x>');
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 8, 20].map((n) => retryDelayMs(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });

  it('says periods the way a notification does', () => {
    expect([72 * 3_600_000, 48 * 3_600_000, 3_600_000, 90 * 60_000, 30_000].map(describePeriod)).toEqual(['3 days', '2 days', '1 hour', '90 minutes', '1 minute']);
  });
});
