-- Guest orders (issue 22, "a visitor buys"): a visitor without an account orders online and
-- the order opens the account. One row per order form: its key is unique across accounts, so
-- the same form sent again (a replay, a double submit, another e-mail typed into it) opens
-- no second account and issues no second invoice. The account is "new through the order".
CREATE TABLE guest_orders (
  order_key text PRIMARY KEY CHECK (order_key ~ '^[A-Za-z0-9_-]{8,64}$'),
  account_id bigint NOT NULL UNIQUE REFERENCES accounts(id),
  invoice_id bigint NOT NULL REFERENCES invoices(id),
  ip text NOT NULL,
  created_at bigint NOT NULL
);
