/**
 * Undo (issue 21): an undoable action waits in main's outbox for a few seconds; its toast names
 * what happened and offers Undo (or `z`), which cancels it there before the server sees it.
 * Several actions done as one (a bulk change, a properties form) share one toast and one Undo.
 */
import type { ActionReceipt } from '../../shared/console/schemas';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { useUi } from '../shell/uiStore';
import { callOperation } from './consoleClient';

/** Shows one Undo toast for the undoable ones among `receipts`; `summary` replaces theirs (several tickets). */
export function offerUndo(receipts: ReadonlyArray<ActionReceipt | null>, summary?: string): void {
  const held = receipts.flatMap((r) => (r?.undo ? [r.undo] : []));
  if (!held.length) return;
  const title = summary ?? (held.length === 1 ? held[0]!.summary : `${held[0]!.summary} and ${held.length - 1} more change${held.length === 2 ? '' : 's'}`);
  useUi.getState().notify({ kind: 'undo', title, undo: { keys: held.map((h) => h.key), until: Math.min(...held.map((h) => h.until)) } });
}

/** Cancels the toast's actions; says so, or that it was too late. */
export async function undoToast(toastId: number): Promise<void> {
  const ui = useUi.getState();
  const toast = ui.toasts.find((t) => t.id === toastId);
  if (!toast?.undo) return;
  ui.dismissToast(toastId);
  try {
    const { undone } = await callOperation('outbox.undo', { keys: toast.undo.keys });
    ui.notify({ kind: 'info', title: `Undone: ${toast.title}`, ...(undone < toast.undo.keys.length ? { body: 'Some of it had already been sent.' } : {}) });
  } catch (err) {
    const tooLate = err instanceof ConsoleCallError && err.code === 'undo_too_late';
    ui.notify({ kind: 'error', title: tooLate ? 'Too late to undo' : 'Undo failed', body: tooLate ? `${toast.title}: already sent to the server.` : String(err) });
  }
}

/** The newest toast still offering Undo (for the `z` key), or null. */
export function latestUndoToast(): number | null {
  const t = [...useUi.getState().toasts].reverse().find((x) => x.undo && x.undo.until > Date.now());
  return t?.id ?? null;
}
