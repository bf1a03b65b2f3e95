/** A period as people say it in a notification: "3 days", "48 hours", "30 minutes". */
export function describePeriod(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0 && minutes > 0) return plural(minutes / (24 * 60), 'day');
  if (minutes % 60 === 0 && minutes > 0) return plural(minutes / 60, 'hour');
  return plural(Math.max(1, minutes), 'minute');
}
