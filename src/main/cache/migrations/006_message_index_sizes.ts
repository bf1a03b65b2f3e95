/**
 * The message index without per-row token counts (FTS5 `columnsize=0`). Keeping them cost a
 * third of the time to index 1M messages and a million-row table to copy after a bootstrap's
 * background build; bm25 now counts the tokens of the few messages it ranks (search ranks
 * only a capped number of candidates, see search.ts). Rebuilt here from the server's rows
 * only, as the index holds no pending ones (fullTextIndex.ts).
 */
export const migration006 = `
DROP TABLE message_fts;
CREATE VIRTUAL TABLE message_fts USING fts5(body, content='messages', content_rowid='id', detail=none, columnsize=0);
INSERT INTO message_fts (rowid, body) SELECT id, body FROM messages WHERE id > 0;
`;
