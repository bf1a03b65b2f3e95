/** A notice carried to the next ticket page opened (e.g. "your message started follow-up #N"). */
const flashes = new Map<number, string[]>();

export function setTicketFlash(number: number, lines: string[]): void {
  flashes.set(number, lines);
}

/** The notice for ticket `number`, once. */
export function takeTicketFlash(number: number): string[] {
  const lines = flashes.get(number) ?? [];
  flashes.delete(number);
  return lines;
}
