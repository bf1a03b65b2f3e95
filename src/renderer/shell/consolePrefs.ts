/**
 * A person's small console preferences (what happens after "Classify and forward", the queue
 * columns hidden and their widths), kept in
 * localStorage under the user like the queue's prefs, validated on the way back in.
 */
import { useCallback, useState } from 'react';
import { z } from 'zod';

const ConsolePrefs = z.object({
  /** After classifying a new ticket: open the next inbox ticket (true) or stay on this one. */
  advanceAfterClassify: z.boolean().default(true),
  /** Queue columns this person hid (of QueueRow's hideableColumns). */
  hiddenColumns: z.array(z.string()).max(20).default([]),
  /** Queue column widths this person set, in rem, by column (queueLayout clamps them to each column's bounds). */
  columnWidths: z.record(z.string(), z.number().finite().positive()).default({}),
});
export type ConsolePrefs = z.infer<typeof ConsolePrefs>;

const storageKey = (userId: number) => `switchboard.consolePrefs.${userId}`;

export function loadConsolePrefs(userId: number): ConsolePrefs {
  try {
    const parsed = ConsolePrefs.safeParse(JSON.parse(localStorage.getItem(storageKey(userId)) ?? '{}'));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable: the defaults.
  }
  return ConsolePrefs.parse({});
}

export function useConsolePrefs(userId: number): [ConsolePrefs, (patch: Partial<ConsolePrefs>) => void] {
  const [prefs, setPrefs] = useState(() => loadConsolePrefs(userId));
  const update = useCallback(
    (patch: Partial<ConsolePrefs>) => {
      const next = { ...loadConsolePrefs(userId), ...patch };
      try {
        localStorage.setItem(storageKey(userId), JSON.stringify(next));
      } catch {
        // Storage full or denied: this run only.
      }
      setPrefs(next);
    },
    [userId],
  );
  return [prefs, update];
}
