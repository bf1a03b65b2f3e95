-- Portal "My licenses" (issue 16): the transfer form's 'Account information', the person who
-- will manage the license after it is transferred. For a new customer it becomes the name of
-- the new account's primary user; billing sees it with the request.
ALTER TABLE license_transfers ADD COLUMN target_contact_name text;
