/**
 * Keyboard, palette and live refresh: every listed shortcut has a key, the palette finds
 * tickets by number and views by words, and a change refetches only the reads that show it.
 */
import type { Query } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ConsoleEntity } from '../../src/shared/console/contract';
import type { QueueViewInfo } from '../../src/shared/console/schemas';
import { isStale, queryKey } from '../../src/renderer/api/queryKeys';
import { paletteCommands } from '../../src/renderer/shell/paletteCommands';
import { shortcutList, shortcutOf } from '../../src/renderer/shell/shortcutList';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('maps every listed key to its shortcut', () => {
    for (const s of shortcutList) {
      if (s.id === 'send' || s.id === 'pick' || s.id === 'payoutDecision' || s.id === 'arrows') continue;
      const k = s.keys[0];
      // Shift+X arrives as the key "X".
      const event = k.startsWith('Ctrl+') ? key(k.slice(5).toLowerCase(), { ctrlKey: true }) : k.startsWith('Shift+') ? key(k.slice(6)) : key(k);
      expect(shortcutOf(event), k).toBe(s.id);
    }
    expect(shortcutOf(key('k', { metaKey: true }))).toBe('palette');
    expect(shortcutOf(key('r', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(key('q'))).toBeNull();
  });

  it('covers the keys the issue asks for', () => {
    const keys = shortcutList.flatMap((s) => s.keys as readonly string[]);
    for (const k of ['j', 'k', 'Enter', 'r', 'n', 'e', 'a', 'c', 'x', '/', '?', 'Ctrl+K']) expect(keys).toContain(k);
  });
});

describe('paletteCommands', () => {
  const views: QueueViewInfo[] = [
    { id: 'inbox', label: 'Dispatch inbox', count: 3 },
    { id: 'department:1', label: 'Tech support', count: 9 },
  ];
  const may = () => true;

  it('offers a ticket by number first', () => {
    expect(paletteCommands('#1234', { views, inTicket: false, may })[0]).toEqual({ kind: 'ticketNumber', number: 1234, label: 'Open ticket #1234' });
    expect(paletteCommands('1234', { views, inTicket: false, may })[0]?.kind).toBe('ticketNumber');
  });

  it('finds views and actions by words, and ticket actions only in a ticket', () => {
    expect(paletteCommands('tech', { views, inTicket: false, may }).map((c) => c.label)).toEqual(['Go to Tech support (9)', 'Search for “tech”']);
    expect(paletteCommands('close', { views, inTicket: true, may }).map((c) => c.label)).toContain('Close this ticket');
    expect(paletteCommands('close', { views, inTicket: false, may }).map((c) => c.label)).not.toContain('Close this ticket');
    expect(paletteCommands('merge', { views, inTicket: true, may: (a) => a !== 'merge' }).map((c) => c.label)).not.toContain('Merge into another ticket');
  });

  it('finds ticket actions by a few letters, on the open ticket, the ticket under the cursor or the selection', () => {
    expect(paletteCommands('clas', { views, inTicket: true, may })[0]).toEqual({ kind: 'action', action: 'classify', label: 'Classify and forward' });
    expect(paletteCommands('clas', { views, inTicket: false, target: { kind: 'cursor' }, may })[0]?.label).toBe('Classify and forward (ticket under the cursor)');
    const onSelection = paletteCommands('', { views, inTicket: false, target: { kind: 'selection', count: 3 }, may }).map((c) => c.label);
    expect(onSelection).toEqual(expect.arrayContaining(['Close (3 selected)', 'Forward to a department (3 selected)', 'Set the priority (3 selected)', 'Turn HotRush on or off (3 selected)']));
    // What takes one ticket is not offered for a selection.
    expect(onSelection.some((l) => l.startsWith('Classify') || l.startsWith('Merge') || l.startsWith('Split'))).toBe(false);
    expect(paletteCommands('split', { views, inTicket: true, may }).map((c) => (c.kind === 'action' ? c.action : c.kind))).toContain('split');
  });

  it('offers the admin screens to admins only', () => {
    expect(paletteCommands('team', { views, inTicket: false, may })[0]).toEqual({ kind: 'screen', screen: 'team', label: 'Go to Team' });
    expect(paletteCommands('audit', { views, inTicket: false, may }).map((c) => c.label)).toContain('Go to Audit log');
    expect(paletteCommands('departments', { views, inTicket: false, may: (a) => a !== 'manage_staff' }).map((c) => c.label)).not.toContain('Go to Departments');
  });
});

describe('isStale', () => {
  const q = (k: readonly unknown[]) => ({ queryKey: k }) as unknown as Query;
  const batch = (entities: ConsoleEntity[], ticketIds: number[] = [], everything = false) => ({ everything, entities: new Set(entities), ticketIds: new Set(ticketIds) });

  it('refetches the reads that show a changed entity', () => {
    expect(isStale(q(queryKey('queue.list', { view: 'inbox' })), batch(['ticket']))).toBe(true);
    expect(isStale(q(queryKey('directory.get')), batch(['ticket']))).toBe(false);
    expect(isStale(q(queryKey('faq.search', { text: '' })), batch(['faq_article']))).toBe(true);
  });

  it('refetches a ticket only when it (or any ticket) changed', () => {
    const detail = q(queryKey('ticket.detail', { ticketId: 5 }));
    expect(isStale(detail, batch(['message'], [6]))).toBe(false);
    expect(isStale(detail, batch(['message'], [5, 6]))).toBe(true);
    expect(isStale(detail, batch(['presence'], []))).toBe(true);
  });

  it('refetches everything after a fresh download, but never the session', () => {
    expect(isStale(q(queryKey('account.page', { accountId: 1 })), batch([], [], true))).toBe(true);
    expect(isStale(q(queryKey('auth.session')), batch([], [], true))).toBe(false);
  });
});
