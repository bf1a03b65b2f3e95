/** PostgreSQL's error codes, as PGlite and pg report them. */

/** A unique index refused the write (23505), optionally the named index. */
export function isUniqueViolation(err: unknown, index?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== '23505') return false;
  return index === undefined || (e.constraint ?? e.message ?? '').includes(index);
}
