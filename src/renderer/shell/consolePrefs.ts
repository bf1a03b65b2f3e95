/**
 * A person's small console preferences (what happens after "Classify and forward", the queue
 * columns hidden and their widths), kept in
 * localStorage under the user like the queue's prefs, validated on the way back in.
 */
import { useCallback, useState } from 'react';
import { z } from 'zod';
import { loadStored, saveStored } from './storedJson';

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
  return loadStored(storageKey(userId), ConsolePrefs) ?? ConsolePrefs.parse({});
}

export function useConsolePrefs(userId: number): [ConsolePrefs, (patch: Partial<ConsolePrefs>) => void] {
  const [prefs, setPrefs] = useState(() => loadConsolePrefs(userId));
  const update = useCallback(
    (patch: Partial<ConsolePrefs>) => {
      const next = { ...loadConsolePrefs(userId), ...patch };
      saveStored(storageKey(userId), next);
      setPrefs(next);
    },
    [userId],
  );
  return [prefs, update];
}
