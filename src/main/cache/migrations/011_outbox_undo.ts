/**
 * The undo window (issue 21): an undoable local action waits in the outbox until `hold_until`
 * before it is pushed, and is cancelled by its `undo_key` (a stable handle: cancelling renumbers
 * the mutations queued after it). The outbox is not mirrored, so no bootstrap is needed.
 * A ticket's page also links to the tickets split out of it: a small partial index finds them.
 */
export const migration011 = `
ALTER TABLE outbox ADD COLUMN hold_until INTEGER;
ALTER TABLE outbox ADD COLUMN undo_key TEXT;
CREATE UNIQUE INDEX outbox_undo_key ON outbox (undo_key) WHERE undo_key IS NOT NULL;
CREATE INDEX tickets_split_from ON tickets (split_from_id) WHERE split_from_id IS NOT NULL;
`;
