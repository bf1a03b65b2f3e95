/**
 * License history (every transition a license went through: ordered, activated, transfer
 * requested, transferred, accepted, URL changed, revoked), for the account page. A new
 * mirrored table: caches bootstrapped before it bootstrap again (keeping their outbox).
 */
export const migration004 = `
CREATE TABLE license_events (
  id INTEGER PRIMARY KEY, license_id INTEGER, event TEXT, from_account_id INTEGER, to_account_id INTEGER, details TEXT,
  actor_user_id INTEGER, at INTEGER, version INTEGER NOT NULL
);
CREATE INDEX license_events_license ON license_events (license_id, at);
`;
