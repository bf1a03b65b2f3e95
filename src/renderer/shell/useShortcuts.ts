/**
 * The keyboard: one listener on the document turns key presses into the shortcuts of
 * shortcutList.ts. Letters are ignored while typing in a field or while a dialog is open, so
 * they only ever act on the queue or the open ticket.
 */
import { useEffect, useRef } from 'react';
import { mayTakeAction } from '../../shared/tickets/permissions';
import type { SessionInfo } from '../../shared/console/schemas';
import type { Role } from '../../shared/domain/model';
import { runTicketAction } from '../api/useTicketAction';
import { latestUndoToast, undoToast } from '../api/undo';
import { closeTickets, toggleHotRush } from '../queue/BulkActions';
import { shortcutOf, whileTyping, type ShortcutId } from './shortcutList';
import { useUi, type FocusTarget } from './uiStore';
import { assertNever } from '../../shared/assertNever';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const inDialog = (target: EventTarget | null) => target instanceof HTMLElement && target.closest('[role="dialog"], [role="alertdialog"]') !== null;

/**
 * What a shortcut does, on the queue or the open ticket; false when it means nothing here.
 * The command palette runs its actions through this too, so a key and its palette entry agree.
 */
export function runShortcut(id: ShortcutId, role: Role): boolean {
  const ui = useUi.getState();
  const may = (a: Parameters<typeof mayTakeAction>[1]) => mayTakeAction(role, a);
  const screen = ui.screen;
  const inTicket = screen.name === 'ticket' ? screen.ticketId : null;
  const inQueue = screen.name === 'queue';
  const underCursor = ui.queueOrder[ui.cursor] ?? null;
  const current = inTicket ?? (inQueue ? underCursor : null);
  const step = (by: number) => {
    if (inTicket !== null) {
      const at = ui.queueOrder.indexOf(inTicket);
      const next = ui.queueOrder[(at === -1 ? ui.cursor : at) + by];
      if (next !== undefined) ui.openTicket(next);
    } else if (inQueue) ui.moveCursor(ui.cursor + by);
  };
  // In the queue the selected tickets, else the one under the cursor or open.
  const targets = () => (inQueue && ui.selection.size ? [...ui.selection] : current !== null ? [current] : []);
  const openAnd = (target: FocusTarget) => {
    if (current === null) return;
    if (inTicket === null) ui.openTicket(current);
    ui.requestFocus(target);
  };
  switch (id) {
    case 'next':
      step(1);
      return inQueue || inTicket !== null;
    case 'previous':
      step(-1);
      return inQueue || inTicket !== null;
    case 'open':
      if (!inQueue || underCursor === null) return false;
      ui.openTicket(underCursor);
      return true;
    case 'select':
    case 'selectRange':
      if (!inQueue || underCursor === null) return false;
      ui.toggleSelected(underCursor, id === 'selectRange');
      return true;
    case 'reply':
      openAnd('reply');
      return current !== null;
    case 'note':
      openAnd('note');
      return current !== null;
    case 'classify':
      if (!may('classify')) return false;
      openAnd('classify');
      return current !== null;
    case 'close': {
      if (!may('close')) return false;
      const ids = targets();
      if (!ids.length) return false;
      void closeTickets(ids).then((closed) => closed && ui.clearSelection());
      return true;
    }
    case 'assign':
      if (current === null) return false;
      if (!may('assign')) {
        if (may('claim')) void runTicketAction('ticket.claim', { ticketId: current });
        return may('claim');
      }
      if (inQueue && ui.selection.size === 0) ui.toggleSelected(current);
      ui.requestFocus('assign');
      return true;
    case 'merge':
      if (inTicket === null || !may('merge')) return false;
      ui.requestFocus('merge');
      return true;
    case 'forward':
    case 'priority': {
      if (!may(id === 'forward' ? 'forward' : 'set_priority')) return false;
      // With tickets selected in the queue, the bulk bar's control; else the ticket's properties.
      if (inQueue && ui.selection.size) ui.requestFocus(id === 'forward' ? 'bulkForward' : 'bulkPriority');
      else openAnd(id);
      return current !== null || (inQueue && ui.selection.size > 0);
    }
    case 'cost':
      if (!may('classify')) return false;
      openAnd('cost');
      return current !== null;
    case 'hotRush': {
      if (!may('set_hot_rush')) return false;
      const ids = targets();
      if (!ids.length) return false;
      void toggleHotRush(ids);
      return true;
    }
    case 'split':
      if (inTicket === null || !may('split')) return false;
      ui.requestFocus('split');
      return true;
    case 'faq':
      if (inTicket === null || !may('reply')) return false;
      ui.requestFocus('faq');
      return true;
    case 'bulk':
      if (!inQueue || ui.selection.size === 0) return false;
      ui.requestFocus('bulk');
      return true;
    case 'undo': {
      const toast = latestUndoToast();
      if (toast === null) return false;
      void undoToast(toast);
      return true;
    }
    case 'search':
      ui.show({ name: 'search' });
      ui.requestFocus('search');
      return true;
    case 'palette':
      ui.setOverlay(ui.overlay === 'palette' ? null : 'palette');
      return true;
    case 'help':
      ui.setOverlay(ui.overlay === 'help' ? null : 'help');
      return true;
    case 'back':
      if (ui.overlay) ui.setOverlay(null);
      else if (screen.name !== 'queue') ui.back();
      else if (ui.selection.size) ui.clearSelection();
      else return false;
      return true;
    case 'send':
    case 'pick':
    case 'payoutDecision':
    case 'arrows':
      // The composer's, the dialogs', the payouts screen's, the column edges' and the charts' own keys (they handle them).
      return false;
    default:
      return assertNever(id, 'shortcut');
  }
}

export function useShortcuts(session: SessionInfo): void {
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => {
    const run = (id: ShortcutId) => runShortcut(id, sessionRef.current.user.role);
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const id = shortcutOf(e);
      if (id === null) return;
      const typing = isTyping(e.target);
      // Dialogs handle their own keys; Escape in them is theirs too.
      if (inDialog(e.target) && id !== 'palette') return;
      if (typing && id === 'back') {
        // Escape leaves a field (a select, say), handing the keyboard back to the shortcuts.
        (e.target as HTMLElement).blur();
        e.preventDefault();
        return;
      }
      if (typing && !whileTyping.has(id)) return;
      // Enter on a focused button or link is a click, not "open".
      if (id === 'open' && e.target instanceof HTMLElement && e.target.closest('button, a')) return;
      const ui = useUi.getState();
      if (ui.overlay && id !== 'palette' && id !== 'help' && id !== 'back') return;
      if (run(id)) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
