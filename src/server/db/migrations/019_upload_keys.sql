-- An upload's own key (issue 20): a console names each upload once, before its first attempt,
-- and sends the key with every attempt. When an answer is lost (a proxy's 502, a timeout while
-- the server still commits), the repeat finds the row the first attempt stored by its key and
-- is answered with it, so a file is stored once however often it is sent. Keys are per
-- uploader: one user cannot find or block another's uploads by guessing a key.
ALTER TABLE attachments ADD COLUMN upload_key text CHECK (upload_key ~ '^[A-Za-z0-9_-]{16,64}$');
ALTER TABLE files ADD COLUMN upload_key text CHECK (upload_key ~ '^[A-Za-z0-9_-]{16,64}$');
CREATE UNIQUE INDEX attachments_upload_key ON attachments (uploaded_by, upload_key) WHERE upload_key IS NOT NULL;
CREATE UNIQUE INDEX files_upload_key ON files (uploaded_by, upload_key) WHERE upload_key IS NOT NULL;
