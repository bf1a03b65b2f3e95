-- Staff administration (issue 18). An archived department takes no new tickets and no new
-- people; it stays for the tickets and history that name it. An invited user has no password
-- yet (password_hash '') until the invitation's link sets one. last_sign_in_at is for the
-- admin's Team screen.
ALTER TABLE departments ADD COLUMN archived_at bigint;
ALTER TABLE users ADD COLUMN last_sign_in_at bigint;
ALTER TABLE users ADD COLUMN invited_at bigint;
ALTER TABLE users ADD COLUMN invited_by bigint REFERENCES users(id);
-- The audit screen filters by time, person, action and account.
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at DESC);
-- The customer account an act concerns (a billing decision, a ledger adjustment), for the filter.
ALTER TABLE audit_log ADD COLUMN account_id bigint REFERENCES accounts(id);
CREATE INDEX audit_log_account ON audit_log (account_id, at DESC) WHERE account_id IS NOT NULL;
