/**
 * The console's upload queue: files staged here (attachments for replies, admin publishing)
 * wait in it until they reach the server, across restarts and offline spells. Their bytes are
 * in the blob cache by sha256; a row names where each goes and how its sending went. Local
 * only, so caches bootstrapped before it keep their mirrored rows.
 */
export const migration003 = `
CREATE TABLE upload_queue (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  -- ticket: an attachment (for the message written with client_ref, when set); folder: admin publishing.
  target_kind TEXT NOT NULL CHECK (target_kind IN ('ticket', 'folder')),
  ticket_id INTEGER,
  client_ref TEXT,
  folder_id INTEGER,
  note TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 1,
  -- queued: to send (a reply's attachment once its message is on the server); sending; sent;
  -- failed: refused by the server, kept with the reason until retried or discarded.
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  -- 1 when an attempt may have reached the server without its answer reaching us: look for the
  -- server's row before sending again, so an upload goes out once.
  uncertain INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  error_code TEXT,
  error_message TEXT,
  server_id INTEGER,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  CHECK ((target_kind = 'ticket') = (ticket_id IS NOT NULL)),
  CHECK ((target_kind = 'folder') = (folder_id IS NOT NULL))
);
CREATE INDEX upload_queue_state ON upload_queue (state, next_attempt_at);
CREATE INDEX upload_queue_ticket ON upload_queue (ticket_id) WHERE ticket_id IS NOT NULL;
`;
