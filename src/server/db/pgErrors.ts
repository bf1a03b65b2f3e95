/** PostgreSQL's error codes, as PGlite and pg report them. */

/** A unique index refused the write (23505), optionally the named index. */
export function isUniqueViolation(err: unknown, index?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== '23505') return false;
  return index === undefined || (e.constraint ?? e.message ?? '').includes(index);
}

/**
 * PostgreSQL error classes that say nothing about the write itself: connection (08),
 * transaction rollback such as deadlock or serialization (40), resources (53), operator
 * intervention such as a statement timeout (57). The whole transaction is tried again later.
 */
const transientClasses = ['08', '40', '53', '57'];

export function isTransientFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && transientClasses.includes(code.slice(0, 2));
}

/** Runs `run` again when PostgreSQL picked it as a deadlock's victim (40P01), up to `attempts` times. */
export async function againAfterDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || (err as { code?: unknown }).code !== '40P01') throw err;
    }
  }
}
