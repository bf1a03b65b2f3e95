/**
 * A department says when it was archived (issue 18): an archived department takes no new
 * tickets, so the console's pickers leave it out. Rows mirrored before it lack that, so the
 * mirror bootstraps again (keeping its outbox).
 */
export const migration010 = `
ALTER TABLE departments ADD COLUMN archived_at INTEGER;
`;
