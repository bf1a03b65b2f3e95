/**
 * The server's life-cycle settings as last read (turnaround targets, periods, HotRush
 * surcharge), so a console that starts offline computes clocks and charges with them rather
 * than with DOMAIN.md's defaults. Not a mirrored table: no bootstrap needed.
 */
export const migration005 = `
ALTER TABLE sync_state ADD COLUMN lifecycle_settings TEXT;
`;
