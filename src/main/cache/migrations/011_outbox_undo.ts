/**
 * The undo window (issue 21): an undoable local action waits in the outbox until `hold_until`
 * before it is pushed, and is cancelled by its `undo_key` (a stable handle: cancelling renumbers
 * the mutations queued after it). The outbox is not mirrored, so no bootstrap is needed.
 */
export const migration011 = `
ALTER TABLE outbox ADD COLUMN hold_until INTEGER;
ALTER TABLE outbox ADD COLUMN undo_key TEXT;
CREATE UNIQUE INDEX outbox_undo_key ON outbox (undo_key) WHERE undo_key IS NOT NULL;
`;
