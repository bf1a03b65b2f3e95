/**
 * Values the console keeps in localStorage (drafts, preferences), validated on the way back
 * in: a value of an older shape, or storage that is full or denied, is as if nothing were kept.
 */
import type { z } from 'zod';

/** A value kept in localStorage under `key`, if it is there and still of the schema's shape. */
export function loadStored<T>(key: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(localStorage.getItem(key) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps `value` under `key`; null removes it. */
export function saveStored(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or denied: the value lives in the window only.
  }
}
