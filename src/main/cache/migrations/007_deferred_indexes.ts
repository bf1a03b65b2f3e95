/**
 * The secondary indexes of the mirrored tables that a running bootstrap dropped, to build
 * them once at its end (see deferredIndexes.ts): kept here, in the same transaction as the
 * drop, so a crash mid-bootstrap cannot lose their definitions.
 */
export const migration007 = `
ALTER TABLE sync_state ADD COLUMN deferred_indexes TEXT;
`;
