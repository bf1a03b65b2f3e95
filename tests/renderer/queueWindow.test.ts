/** The queue grid's window onto a whole view: which pages a scroll position needs, and rows placed at their indexes. */
import { describe, expect, it } from 'vitest';
import type { TicketSummary } from '../../src/shared/console/schemas';
import { pagesFor, placeRows } from '../../src/renderer/queue/useQueueRows';

const ticket = (id: number) => ({ id, number: 1000 + id }) as TicketSummary;

describe('queue window', () => {
  it('reads the pages the rows in sight fall on, also across a page boundary and at the far end', () => {
    expect(pagesFor(0, 30, 200)).toEqual([0]);
    expect(pagesFor(190, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(99_980, 99_999, 200)).toEqual([499]);
  });

  it('places read pages at their offsets and leaves holes for the rest, cut to the view\'s length', () => {
    const pages = new Map([
      [0, [ticket(1), ticket(2)]],
      [2, [ticket(5), ticket(6)]],
    ]);
    const rows = placeRows(5, pages, 2);
    expect(rows.length).toBe(5);
    expect(rows.map((r) => r?.id)).toEqual([1, 2, undefined, undefined, 5]);
  });
});
