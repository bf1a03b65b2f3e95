-- The change log is kept for a window (CHANGE_LOG_RETENTION_MS): older changes are deleted,
-- and trimmed_through remembers the newest seq deleted. A cursor behind it cannot be served
-- (changes it needs are gone): /api/sync/changes answers 409 and the console bootstraps again.
ALTER TABLE sync_counter ADD COLUMN trimmed_through bigint NOT NULL DEFAULT 0;
