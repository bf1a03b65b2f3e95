/** A read from the server that failed (offline, refused): the reason and a retry. */
export function ServerReadError({ error, retry }: { error: Error; retry(): void }) {
  return (
    <div role="alert" className="error">
      <p>{error.message}</p>
      <button type="button" onClick={retry}>
        Try again
      </button>
    </div>
  );
}
