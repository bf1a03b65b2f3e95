-- File area (issue 5): one name per folder, so a customer never sees two "Distribution kits"
-- or two "x-cart-4.1.9-gold.tgz" side by side, and two admins publishing at once cannot
-- create both. Case-insensitive, as on the customers' Windows and macOS disks. "My files"
-- (account_id, no folder) may repeat names: a customer uploads a new backup.sql each week.
CREATE UNIQUE INDEX file_folders_sibling_name ON file_folders (coalesce(parent_id, 0), lower(name));
CREATE UNIQUE INDEX files_folder_name ON files (folder_id, lower(name)) WHERE folder_id IS NOT NULL;
-- Customers' own uploads and a ticket's attachments are listed by these.
CREATE INDEX files_account ON files (account_id) WHERE account_id IS NOT NULL;
