/**
 * A ticket says whether its customer posted access info (issue 21), so the ticket view offers
 * "Reveal access info" only then; the info itself stays on the server. Rows mirrored before
 * lack the flag, so the mirror bootstraps again (keeping its outbox).
 */
export const migration014 = `
ALTER TABLE tickets ADD COLUMN has_access_info INTEGER;
`;
