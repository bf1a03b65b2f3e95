/**
 * UI state only (ARCHITECTURE.md): which screen and queue view are shown, the row cursor and
 * the selection, open overlays, focus requests from shortcuts, and toasts. Data read through
 * the console API lives in React Query, never here.
 */
import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { QueueViewId, SearchOrder } from '../../shared/console/schemas';

export type Screen =
  | { name: 'queue' }
  | { name: 'ticket'; ticketId: number }
  | { name: 'search' }
  | { name: 'dashboard' }
  | { name: 'billing' }
  | { name: 'payouts' }
  | { name: 'heldMail' }
  | { name: 'forum' }
  | { name: 'files' }
  | { name: 'account'; accountId: number }
  | { name: 'settings' }
  | { name: 'security' }
  | { name: 'team' }
  | { name: 'departments' }
  | { name: 'catalogue' }
  | { name: 'newsletters' }
  | { name: 'audit' };

/** Controls a shortcut can put the keyboard into. */
export type FocusTarget = 'reply' | 'note' | 'assign' | 'classify' | 'search' | 'queue' | 'merge' | 'forward' | 'priority' | 'cost' | 'split' | 'faq' | 'bulk' | 'bulkForward' | 'bulkPriority';

export interface Toast {
  id: number;
  kind: 'hotRush' | 'assigned' | 'breach' | 'rejected' | 'error' | 'info' | 'undo';
  title: string;
  body?: string;
  ticketId?: number | null;
  /** An action waiting in the outbox: Undo cancels these keys until `until` (api/undo.ts). */
  undo?: { keys: string[]; until: number };
}

interface UiState {
  screen: Screen;
  /**
   * The screens under a ticket or an account page, oldest first: Escape and "Back" return to
   * the last (billing → account → ticket → back to the account → back to billing). The first
   * is the screen the sidebar keeps highlighted. Empty on a top-level screen.
   */
  trail: Screen[];
  view: QueueViewId | null;
  /** Row cursor in the queue (j/k). */
  cursor: number;
  /** Ticket ids in the order the queue shows them, for j/k from inside a ticket. */
  queueOrder: number[];
  selection: ReadonlySet<number>;
  /** The ticket last selected or unselected: the other end of a Shift range. */
  selectionAnchor: number | null;
  overlay: 'palette' | 'help' | null;
  /** The search screen's words (kept while moving between screens). */
  searchText: string;
  /** The search screen's order (best match or newest first). */
  searchOrder: SearchOrder;
  focus: { target: FocusTarget; seq: number } | null;
  toasts: Toast[];
  /** Signed in here and the cache has not caught up yet: show the first sync's progress. */
  firstSyncPending: boolean;
  /** The ticket a split was just asked on: its new ticket, once it arrives, is announced. */
  splitAskedOn: number | null;

  show(screen: Screen): void;
  openTicket(ticketId: number): void;
  back(): void;
  chooseView(view: QueueViewId): void;
  moveCursor(to: number): void;
  setQueueOrder(ids: number[]): void;
  /** Selects or unselects one ticket; with `range`, selects every ticket from the anchor to it in queue order. */
  toggleSelected(ticketId: number, range?: boolean): void;
  clearSelection(): void;
  setOverlay(overlay: UiState['overlay']): void;
  setSearchText(text: string): void;
  setSearchOrder(order: SearchOrder): void;
  requestFocus(target: FocusTarget): void;
  notify(toast: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
  /** Forgets the last user's screen, view and selection (signing out, or in as someone else). */
  reset(): void;
}

let toastSeq = 0;
let focusSeq = 0;
const maxToasts = 4;

const initial = {
  screen: { name: 'queue' } as Screen,
  trail: [] as Screen[],
  view: null,
  cursor: 0,
  queueOrder: [],
  selection: new Set<number>(),
  selectionAnchor: null,
  overlay: null,
  searchText: '',
  searchOrder: 'relevance' as SearchOrder,
  focus: null,
  toasts: [],
  splitAskedOn: null as number | null,
};

export const useUi = create<UiState>()((set, get) => ({
  ...initial,
  firstSyncPending: false,

  show: (screen) => set((s) => ({ screen, trail: trailTo(s, screen), overlay: null })),
  openTicket: (ticketId) => {
    const s = get();
    const index = s.queueOrder.indexOf(ticketId);
    const screen: Screen = { name: 'ticket', ticketId };
    set({ screen, trail: trailTo(s, screen), overlay: null, ...(index >= 0 ? { cursor: index } : {}) });
  },
  // From a ticket or an account, back to where it was opened from (a queue, search, billing, the ticket or account before).
  back: () => set((s) => ({ screen: s.trail.at(-1) ?? { name: 'queue' }, trail: s.trail.slice(0, -1), overlay: null })),
  chooseView: (view) => set({ view, cursor: 0, selection: new Set(), screen: { name: 'queue' }, trail: [] }),
  moveCursor: (to) => set((s) => ({ cursor: Math.max(0, Math.min(to, Math.max(0, s.queueOrder.length - 1))) })),
  setQueueOrder: (ids) => set({ queueOrder: ids }),
  toggleSelected: (ticketId, range = false) =>
    set((s) => {
      const selection = new Set(s.selection);
      const from = s.selectionAnchor === null ? -1 : s.queueOrder.indexOf(s.selectionAnchor);
      const to = s.queueOrder.indexOf(ticketId);
      if (range && from !== -1 && to !== -1) {
        for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
          // A hole (a page not read yet) has no ticket to select.
          const id = s.queueOrder[i];
          if (id !== undefined) selection.add(id);
        }
      } else if (!selection.delete(ticketId)) selection.add(ticketId);
      return { selection, selectionAnchor: ticketId };
    }),
  clearSelection: () => set({ selection: new Set(), selectionAnchor: null }),
  setOverlay: (overlay) => set({ overlay }),
  setSearchText: (searchText) => set({ searchText }),
  setSearchOrder: (searchOrder) => set({ searchOrder }),
  requestFocus: (target) => set({ focus: { target, seq: ++focusSeq } }),
  notify: (toast) => set((s) => ({ toasts: [...s.toasts, { ...toast, id: ++toastSeq }].slice(-maxToasts) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  reset: () => set({ ...initial, selection: new Set() }),
}));

const isDetail = (s: Screen) => s.name === 'ticket' || s.name === 'account';

/**
 * The trail under `next`: a top-level screen has none; a ticket or account page opened from
 * another screen stacks on it, but one of the same kind replaces it (j/k from ticket to ticket
 * still goes back to the queue in one Escape).
 */
function trailTo(s: Pick<UiState, 'screen' | 'trail'>, next: Screen): Screen[] {
  if (!isDetail(next)) return [];
  if (s.screen.name === next.name) return s.trail;
  // Back to a screen already on the trail (ticket → account → the same ticket): return to it, no loop.
  const at = s.trail.findIndex((t) => sameScreen(t, next));
  if (at !== -1) return s.trail.slice(0, at);
  return [...s.trail, s.screen];
}

function sameScreen(a: Screen, b: Screen): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The screen the sidebar highlights: the one the trail started from. */
export function rootScreen(s: Pick<UiState, 'screen' | 'trail'>): Screen {
  return s.trail[0] ?? s.screen;
}

/**
 * Runs `focus` when a shortcut asks for `target`, also when the control appears only after the
 * request (r in the queue opens the ticket, then its composer takes the keyboard). A request
 * is used up once handled, so a later screen does not grab the focus again.
 */
export function useFocusRequest(target: FocusTarget, focus: () => void): void {
  const seq = useUi((s) => (s.focus?.target === target ? s.focus.seq : 0));
  const latest = useRef(focus);
  latest.current = focus;
  useEffect(() => {
    if (seq === 0) return;
    useUi.setState({ focus: null });
    // After this render's DOM is in place (a control may just have appeared).
    requestAnimationFrame(() => latest.current());
  }, [seq]);
}
