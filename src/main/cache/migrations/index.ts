/**
 * Numbered cache migrations; `PRAGMA user_version` holds the last one applied. Numbers only
 * go up, and a cache written by a newer build is refused rather than guessed at.
 */
import { migration001 } from './001_initial';

export interface Migration {
  version: number;
  sql: string;
}

export const migrations: readonly Migration[] = [{ version: 1, sql: migration001 }];

export const latestSchemaVersion = migrations.at(-1)!.version;
