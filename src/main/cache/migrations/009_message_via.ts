/**
 * A message says how it reached the helpdesk (issue 19: `email` for a customer's mail). Rows
 * mirrored before it lack that, so the mirror bootstraps again (keeping its outbox).
 */
export const migration009 = `
ALTER TABLE messages ADD COLUMN via TEXT;
`;
