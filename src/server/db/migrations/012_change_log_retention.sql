-- The change log is kept for a window (CHANGE_LOG_RETENTION_MS): older changes are deleted,
-- and trimmed_through remembers the newest seq deleted. A cursor behind it cannot be served
-- (changes it needs are gone): /api/sync/changes answers 409 and the console bootstraps again.
ALTER TABLE sync_counter ADD COLUMN trimmed_through bigint NOT NULL DEFAULT 0;

-- Least privilege (issue 20, probe 15): ledgers, certificates and customers' own uploads no
-- longer reach every staff console. The old log carried them to everyone, and caches hold
-- them: a new sync epoch (made at the next start) sends every console to a fresh bootstrap,
-- which drops what its user may no longer hold, and the old log goes with it.
DELETE FROM settings WHERE key = 'sync.epoch';
DELETE FROM changes;
UPDATE sync_counter SET trimmed_through = seq;
