-- The customer's search over its own tickets (the Communication center's search box).
--
-- Each message keeps its words as a stored tsvector ('simple': no stemming, no stop words,
-- so a customer finds the exact word they remember, in any language), computed once when it
-- is written instead of on every search. The account's search starts from its own tickets
-- (tickets_account_number, newest first) and checks each one's messages through
-- ticket_messages_ticket against the stored vector: it never reads another account's
-- messages, and its cost follows the account's size, not the database's.
ALTER TABLE ticket_messages ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, body)) STORED;

-- The GIN index over every message's words, for searches across accounts (staff). The
-- customer's query does not use it (that would read other accounts' postings).
CREATE INDEX ticket_messages_search ON ticket_messages USING gin (search_tsv);

-- The account's tickets newest first: the index page, its paging (number < before) and the
-- starting point of the search.
CREATE INDEX tickets_account_number ON tickets (account_id, number DESC);
