/**
 * Each queued upload gets its own key (issue 20), sent with every attempt: a repeat whose
 * first attempt the server stored unanswered is answered with that row (server migration
 * 019), so the sender no longer guesses from synced rows whether an attempt arrived. Rows
 * queued before get a key now; their earlier attempts went without one. The `uncertain`
 * column is no longer read. Local only: no bootstrap needed.
 */
export const migration013 = `
ALTER TABLE upload_queue ADD COLUMN upload_key TEXT;
UPDATE upload_queue SET upload_key = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX upload_queue_key ON upload_queue (upload_key);
`;
