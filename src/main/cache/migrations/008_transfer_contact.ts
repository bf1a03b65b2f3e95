/**
 * License transfers carry the new owner's contact name (the help page's transfer form asks for
 * it). Rows mirrored before it lack the name, so the mirror bootstraps again (keeping its outbox).
 */
export const migration008 = `
ALTER TABLE license_transfers ADD COLUMN target_contact_name TEXT;
`;
