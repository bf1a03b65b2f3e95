/** Pasted logs become code blocks (monospace) in the console's conversation (issue 21). */
import { describe, expect, it } from 'vitest';
import { fenceLogs } from '../../src/renderer/ticket/logBlocks';

describe('fenceLogs', () => {
  it('fences a run of log lines and stack frames, leaving the prose around it', () => {
    const text = [
      'Checkout fails, here is the log:',
      '2026-11-02 09:00:01 ERROR cart.php: undefined index',
      '2026-11-02 09:00:02 WARN retrying',
      'PHP Fatal error: Uncaught Exception in /var/www/cart.php:12',
      '  #0 /var/www/index.php(4): run()',
      'Thanks!',
    ].join('\n');
    expect(fenceLogs(text).split('\n')).toEqual([
      'Checkout fails, here is the log:',
      '```',
      '2026-11-02 09:00:01 ERROR cart.php: undefined index',
      '2026-11-02 09:00:02 WARN retrying',
      'PHP Fatal error: Uncaught Exception in /var/www/cart.php:12',
      '  #0 /var/www/index.php(4): run()',
      '```',
      'Thanks!',
    ]);
  });

  it('leaves prose, a lone log line and already fenced text alone', () => {
    expect(fenceLogs('Hello\nERROR once\nbye')).toBe('Hello\nERROR once\nbye');
    const fenced = '```\nERROR a\nERROR b\nERROR c\n```';
    expect(fenceLogs(fenced)).toBe(fenced);
    expect(fenceLogs('1. Open the page\n2. Save')).toBe('1. Open the page\n2. Save');
  });
});
