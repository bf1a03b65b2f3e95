-- The exactly-once hash of an inbound mail without the trace headers that each hop prepends
-- (Return-Path, Received, Delivered-To, …): the same mail by IMAP and by SMTP differs in those
-- alone. raw_sha256 stays the hash of the bytes as kept in the blob store.
ALTER TABLE inbound_mails ADD COLUMN content_sha256 text UNIQUE CHECK (content_sha256 ~ '^[0-9a-f]{64}$');
