/**
 * Numbered cache migrations; `PRAGMA user_version` holds the last one applied. Numbers only
 * go up, and a cache written by a newer build is refused rather than guessed at.
 */
import { migration001 } from './001_initial';
import { migration002 } from './002_billing';
import { migration003 } from './003_files';
import { migration004 } from './004_license_history';
import { migration005 } from './005_settings';
import { migration006 } from './006_message_index_sizes';
import { migration007 } from './007_deferred_indexes';
import { migration008 } from './008_transfer_contact';
import { migration009 } from './009_message_via';
import { migration010 } from './010_department_archived';
import { migration011 } from './011_outbox_undo';
import { migration012 } from './012_queue_working';
import { migration013 } from './013_upload_keys';
import { migration014 } from './014_ticket_access_info';

export interface Migration {
  version: number;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, sql: migration001 },
  { version: 2, sql: migration002 },
  { version: 3, sql: migration003 },
  { version: 4, sql: migration004 },
  { version: 5, sql: migration005 },
  { version: 6, sql: migration006 },
  { version: 7, sql: migration007 },
  { version: 8, sql: migration008 },
  { version: 9, sql: migration009 },
  { version: 10, sql: migration010 },
  { version: 11, sql: migration011 },
  { version: 12, sql: migration012 },
  { version: 13, sql: migration013 },
  { version: 14, sql: migration014 },
];

export const latestSchemaVersion = migrations.at(-1)!.version;

/**
 * The last migration that changed what the mirrored tables hold. A cache bootstrapped with an
 * older schema bootstraps again (keeping its outbox), since its rows lack the new columns.
 */
export const mirrorSchemaVersion = 14;
