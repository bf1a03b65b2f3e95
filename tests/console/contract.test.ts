/**
 * The contract is enforced: `handle` rejects bad input naming the field before any handler
 * runs. That every operation has a schema pair and a handler is the compiler's to check
 * (`satisfies` in contract.ts, `Handlers` in consoleApi.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleContract } from '../../src/shared/console/contract';
import { operationNames } from '../../src/shared/console/operations';
import { nestOperations } from '../../src/shared/console/consoleApi';
import { createConsoleCore, type ConsoleCore } from '../../src/main/console/consoleCore';
import { memoryTokenStore } from '../../src/main/console/tokenStore';

describe('console API contract', () => {
  let core: ConsoleCore;
  beforeAll(async () => {
    core = await createConsoleCore({ dataDir: mkdtempSync(path.join(tmpdir(), 'sb-contract-')), tokenStore: memoryTokenStore() });
  });
  afterAll(() => core.close());

  // That every sync mutation is an operation is a compile-time check (contract.ts's MissingMutations).
  it('takes a sync mutation\'s input by the protocol schema', () => {
    expect(consoleContract['ticket.reply'].input.safeParse({ ticketId: 1, body: 'hello' }).success).toBe(true);
    expect(consoleContract['ticket.reply'].input.safeParse({ ticketId: 1 }).success).toBe(false);
  });

  it('groups the operations for window.switchboard and calls through by name', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = nestOperations<Record<(typeof operationNames)[number], unknown>>(async (op, input) => {
      calls.push([op, input]);
      return null;
    });
    await api.ticket.claim({ ticketId: 3 });
    await api.auth.session();
    expect(calls).toEqual([
      ['ticket.claim', { ticketId: 3 }],
      ['auth.session', {}],
    ]);
    const count = Object.values(api).reduce((n, group) => n + Object.keys(group).length, 0);
    expect(count).toBe(operationNames.length);
  });

  it.each([
    ['ticket.classify', { ticketId: 'seven', type: 'tech', departmentId: 1, cost: 0 }, 'ticketId'],
    ['ticket.classify', { ticketId: 7, type: 'log', departmentId: 1, cost: 0 }, 'type'],
    ['ticket.classify', { ticketId: 7, type: 'tech', departmentId: 1, cost: -1 }, 'cost'],
    ['ticket.reply', { ticketId: 7, body: '   ' }, 'body'],
    ['ticket.reply', { ticketId: 7, body: 'hi', sneaky: true }, 'sneaky'],
    ['queue.list', { view: 'everything' }, 'view'],
    ['queue.list', { view: 'inbox', filters: { status: ['lost'] } }, 'filters.status.0'],
    ['queue.list', { view: 'inbox', limit: 100000 }, 'limit'],
    ['auth.signIn', { serverUrl: 'javascript:alert(1)', email: 'a@b.c', password: 'x' }, 'serverUrl'],
    ['auth.signIn', { serverUrl: 'https://h.example', email: 'a@b.c' }, 'password'],
    ['presence.set', { ticketId: 1, activity: 'typing' }, 'activity'],
    ['payout.reject', { payoutId: 1, reason: '   ' }, 'reason'],
    ['payout.reject', { payoutId: 1 }, 'reason'],
  ])('rejects bad input of %s naming the field (%j)', async (op, input, field) => {
    const reply = await core.handle(op, input);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_input');
    expect(reply.error.field).toBe(field);
    expect(reply.error.message).toContain(field);
  });

  it('rejects unknown operations and a missing session', async () => {
    expect(await core.handle('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await core.handle('ticket.claim', { ticketId: 1 })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(await core.handle('auth.session', undefined)).toEqual({ ok: true, output: null });
  });

  it('reports an unreachable server on sign-in', async () => {
    const reply = await core.handle('auth.signIn', { serverUrl: 'http://127.0.0.1:9', email: 'dispatcher@example.com', password: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
  });
});
