/**
 * Undo (issue 21): an undoable action waits in main's outbox for a few seconds; its toast names
 * what happened and offers Undo (or `z`), which cancels it there before the server sees it.
 * Several actions done as one (a bulk change, a properties form) share one toast and one Undo.
 */
import type { ActionReceipt } from '../../shared/console/schemas';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { useUi } from '../shell/uiStore';
import { callOperation } from './consoleClient';

/**
 * One toast naming what the costly ones among `receipts` did (`summary` for several tickets),
 * with Undo for those still waiting in the outbox.
 */
export function offerUndo(receipts: ReadonlyArray<ActionReceipt | null>, summary?: string): void {
  const said = receipts.flatMap((r) => (r?.summary ? [r.summary] : []));
  if (!said.length) return;
  const title = summary ?? (said.length === 1 ? said[0]! : `${said[0]} and ${said.length - 1} more change${said.length === 2 ? '' : 's'}`);
  const held = receipts.flatMap((r) => (r?.undo ? [r.undo] : []));
  if (!held.length) return useUi.getState().notify({ kind: 'info', title });
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
