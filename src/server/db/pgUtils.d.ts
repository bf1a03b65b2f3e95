/** The one helper of node-postgres that PGlite's prepared path borrows (pgliteQuery.ts). */
declare module 'pg/lib/utils.js' {
  /** A JavaScript value as the text node-postgres sends for it (arrays as array literals, objects as JSON). */
  export function prepareValue(value: unknown): string | Buffer | null;
}
