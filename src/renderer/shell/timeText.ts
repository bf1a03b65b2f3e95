/** Times as the console shows them: "5m ago" for recent ones, a date for older ones. */
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export function formatAgo(at: number, now: number): string {
  const ms = now - at;
  if (ms < minute) return 'just now';
  if (ms < hour) return `${Math.floor(ms / minute)}m ago`;
  if (ms < day) return `${Math.floor(ms / hour)}h ago`;
  if (ms < 7 * day) return `${Math.floor(ms / day)}d ago`;
  // Short enough for a column: the year only when it is not this one.
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Date(at).toLocaleDateString(undefined, sameYear ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short' });
}

export function formatDate(at: number): string {
  return new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
