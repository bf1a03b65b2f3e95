/**
 * Billing queues and the breach flag: columns the server added to the wire (who decided a
 * request, the license a transfer created, when a ticket's clock was breached) and the
 * indexes of the billing manager's queues. Adds mirrored columns, so caches bootstrapped
 * before it bootstrap again (keeping their outbox).
 */
export const migration002 = `
ALTER TABLE tickets ADD COLUMN breached_at INTEGER;
ALTER TABLE license_transfers ADD COLUMN new_license_id INTEGER;
ALTER TABLE license_transfers ADD COLUMN decided_by INTEGER;
ALTER TABLE url_change_requests ADD COLUMN decided_by INTEGER;

CREATE INDEX orders_account ON orders (account_id, created_at);
CREATE INDEX license_transfers_status ON license_transfers (status, created_at);
CREATE INDEX license_transfers_license ON license_transfers (license_id);
CREATE INDEX url_change_requests_status ON url_change_requests (status, created_at);
CREATE INDEX url_change_requests_license ON url_change_requests (license_id);
CREATE INDEX invoices_status ON invoices (status, issued_at);
CREATE INDEX licenses_parent ON licenses (parent_license_id) WHERE parent_license_id IS NOT NULL;
CREATE INDEX accounts_negative_balance ON accounts (points_balance) WHERE points_balance < 0;
`;
