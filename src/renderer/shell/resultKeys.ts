/**
 * The keys of a field that drives a list of results (the palette, search, the merge dialog,
 * the FAQ picker): arrows move the active result, Enter chooses it, Escape does the field's
 * own leaving; those keys do nothing else (their default is prevented).
 */
import type { KeyboardEvent } from 'react';

export interface ResultKeys {
  count: number;
  setActive(move: (i: number) => number): void;
  choose(): void;
  escape?(): void;
}

export function onResultKey(e: KeyboardEvent<HTMLElement>, k: ResultKeys): void {
  if (e.key === 'ArrowDown') k.setActive((i) => Math.min(i + 1, k.count - 1));
  else if (e.key === 'ArrowUp') k.setActive((i) => Math.max(i - 1, 0));
  else if (e.key === 'Enter') k.choose();
  else if (e.key === 'Escape' && k.escape) k.escape();
  else return;
  e.preventDefault();
}
