/**
 * The first cache schema: one table per synced entity (typed columns, see entityTables.ts),
 * the queue indexes, full-text indexes, and the console's own tables (sync state, outbox,
 * pending effects). Frozen once shipped: later changes go in a new numbered migration.
 *
 * Queue order (DOMAIN.md) is HotRush first, score high first, due soonest with none last,
 * number. SQLite indexes cannot put NULLs last or mix in a keyset comparison across ASC and
 * DESC, so three virtual generated columns turn the order into one ascending key
 * (queue_hot, queue_score, queue_due, number) that every queue index ends with; a keyset
 * page is then a single row-value comparison that seeks the index.
 */
export const migration001 = `
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT, version INTEGER NOT NULL);

CREATE TABLE users (
  id INTEGER PRIMARY KEY, account_id INTEGER, email TEXT, name TEXT, role TEXT, active INTEGER, created_at INTEGER,
  version INTEGER NOT NULL, department_ids TEXT
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY, company TEXT, contact_email TEXT, primary_user_id INTEGER, standing_adjustment REAL, newsletter TEXT,
  created_at INTEGER, version INTEGER NOT NULL, points_balance INTEGER
);

CREATE TABLE licenses (
  id INTEGER PRIMARY KEY, key TEXT, product TEXT, kind TEXT, edition TEXT, product_version TEXT, url TEXT, account_id INTEGER,
  parent_license_id INTEGER, status TEXT, certificate TEXT, created_at INTEGER, updated_at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX licenses_account ON licenses (account_id);

CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY, account_id INTEGER, kind TEXT, points INTEGER, reason TEXT, ticket_id INTEGER, license_id INTEGER,
  order_id INTEGER, created_by INTEGER, created_at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at);

CREATE TABLE faq_articles (id INTEGER PRIMARY KEY, title TEXT, body TEXT, created_at INTEGER, updated_at INTEGER, version INTEGER NOT NULL);

CREATE TABLE file_folders (id INTEGER PRIMARY KEY, parent_id INTEGER, name TEXT, access TEXT, product TEXT, version INTEGER NOT NULL);

CREATE TABLE files (
  id INTEGER PRIMARY KEY, folder_id INTEGER, account_id INTEGER, name TEXT, note TEXT, size INTEGER, sha256 TEXT, published INTEGER,
  uploaded_by INTEGER, created_at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX files_folder ON files (folder_id);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY, number INTEGER, account_id INTEGER, author_user_id INTEGER, type TEXT, subject TEXT, license_id INTEGER,
  product_version TEXT, priority TEXT, hot_rush INTEGER, status TEXT, department_id INTEGER, assignee_id INTEGER, cost INTEGER,
  charged_points INTEGER, score REAL, clock_started_at INTEGER, due_at INTEGER, answered_at INTEGER, pre_closed_at INTEGER,
  closed_at INTEGER, merged_into_id INTEGER, follow_up_of_id INTEGER, split_from_id INTEGER, created_at INTEGER, updated_at INTEGER,
  version INTEGER NOT NULL,
  queue_hot INTEGER GENERATED ALWAYS AS (-hot_rush) VIRTUAL,
  queue_score REAL GENERATED ALWAYS AS (-score) VIRTUAL,
  queue_due INTEGER GENERATED ALWAYS AS (coalesce(due_at, 9007199254740991)) VIRTUAL
);
CREATE INDEX tickets_number ON tickets (number);
CREATE INDEX tickets_account ON tickets (account_id, created_at);
-- all: every ticket but log tickets.
CREATE INDEX tickets_queue_all ON tickets (queue_hot, queue_score, queue_due, number) WHERE type <> 'log';
-- dispatch inbox (status new), pre-closed, and any single-status filter.
CREATE INDEX tickets_queue_status ON tickets (status, queue_hot, queue_score, queue_due, number) WHERE type <> 'log';
-- HotRush: the not-closed order with queue_hot = -1 as its prefix.
CREATE INDEX tickets_queue_open ON tickets (queue_hot, queue_score, queue_due, number) WHERE type <> 'log' AND status <> 'closed';
-- my tickets.
CREATE INDEX tickets_queue_assignee ON tickets (assignee_id, queue_hot, queue_score, queue_due, number) WHERE type <> 'log' AND status <> 'closed';
-- department queues: tickets waiting for staff work.
CREATE INDEX tickets_queue_department ON tickets (department_id, queue_hot, queue_score, queue_due, number)
  WHERE type <> 'log' AND status IN ('new', 'open', 'in_progress');
-- breaching within 1h: a range on the running clock's due time; the result is small, so it is sorted.
CREATE INDEX tickets_breaching ON tickets (due_at) WHERE type <> 'log' AND status IN ('new', 'open', 'in_progress');

CREATE TABLE messages (
  id INTEGER PRIMARY KEY, ticket_id INTEGER, author_user_id INTEGER, kind TEXT, body TEXT, moved_from_ticket_id INTEGER,
  client_ref TEXT, created_at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, created_at, id);
CREATE INDEX messages_client_ref ON messages (client_ref) WHERE client_ref IS NOT NULL;

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY, ticket_id INTEGER, message_id INTEGER, file_name TEXT, size INTEGER, sha256 TEXT, uploaded_by INTEGER,
  created_at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY, account_id INTEGER, description TEXT, amount_cents INTEGER, currency TEXT, items TEXT, status TEXT,
  issued_at INTEGER, paid_at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX invoices_account ON invoices (account_id);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY, account_id INTEGER, invoice_id INTEGER, items TEXT, status TEXT, reject_reason TEXT, created_at INTEGER,
  decided_at INTEGER, decided_by INTEGER, version INTEGER NOT NULL
);
CREATE INDEX orders_status ON orders (status, created_at);

CREATE TABLE license_transfers (
  id INTEGER PRIMARY KEY, license_id INTEGER, from_account_id INTEGER, to_account_id INTEGER, target_email TEXT, target_company TEXT,
  target_url TEXT, target_license_key TEXT, points INTEGER, status TEXT, signature TEXT, reason TEXT, created_at INTEGER,
  decided_at INTEGER, accepted_at INTEGER, version INTEGER NOT NULL
);

CREATE TABLE url_change_requests (
  id INTEGER PRIMARY KEY, license_id INTEGER, account_id INTEGER, old_url TEXT, new_url TEXT, status TEXT, reason TEXT,
  removal_deadline INTEGER, created_at INTEGER, decided_at INTEGER, version INTEGER NOT NULL
);

-- External-content full-text indexes: the text lives once, in the mirrored tables. Messages
-- are the bulk of the data; detail=none keeps their index small and fast to build (token
-- queries, snippets and bm25 still work; phrase queries do not, and search does not use them).
CREATE VIRTUAL TABLE ticket_fts USING fts5(subject, content='tickets', content_rowid='id');
CREATE VIRTUAL TABLE message_fts USING fts5(body, content='messages', content_rowid='id', detail=none);
CREATE VIRTUAL TABLE faq_fts USING fts5(title, body, content='faq_articles', content_rowid='id');

CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  client_id TEXT NOT NULL,
  -- The user whose scopes fill this cache; another user's token is refused.
  user_id INTEGER,
  cursor TEXT,
  bootstrap_phase TEXT NOT NULL DEFAULT 'none' CHECK (bootstrap_phase IN ('none', 'running', 'done')),
  -- Page key of the next bootstrap page: the resume point after a crash.
  bootstrap_next TEXT,
  -- Snapshot cursor of the first page: where pulling continues after the bootstrap.
  bootstrap_cursor TEXT,
  -- JSON {total, done}: rows per entity in the snapshot and loaded so far, for progress after a resume.
  bootstrap_progress TEXT,
  -- Cache schema version the mirrored rows were bootstrapped with.
  schema_version INTEGER NOT NULL DEFAULT 0,
  -- Mutation ids go up by one per client and are never reused, even after the outbox empties.
  next_mutation_id INTEGER NOT NULL DEFAULT 1,
  -- Counts pulls; an acknowledged mutation's effect is kept until a pull started after its ack.
  pull_generation INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  args TEXT NOT NULL,
  -- pending: not sent; sent: may have reached the server; applied: acknowledged, effect kept until
  -- pulled; rejected: refused by the server, effect rolled back, error kept for the user.
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'applied', 'rejected')),
  error TEXT,
  created_at INTEGER NOT NULL,
  acked_generation INTEGER
);
CREATE INDEX outbox_state ON outbox (state, id);

-- The server's copy of every row an optimistic effect changed (server_row NULL: the row is
-- local only, e.g. a pending message). Restoring these undoes every pending effect at once.
CREATE TABLE pending_effects (
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  server_row TEXT,
  PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
`;
