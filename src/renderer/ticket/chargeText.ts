/**
 * The cost and the charge of a ticket in words (DOMAIN.md Life cycle): the cost rating set when
 * classified (0 = free), the HotRush surcharge on top for a HotRush ticket, and once the ticket
 * has closed the points actually charged, which were fixed at its first close whatever has
 * changed since (a reopen and close charges nothing more).
 */
import { formatDate } from '../shell/timeText';

export interface ChargeFacts {
  cost: number | null;
  hotRush: boolean;
  chargedPoints: number | null;
  /** The HotRush surcharge in force now (the server's setting). */
  hotRushSurcharge: number;
  /** When the charge was booked, when known. */
  chargedAt: number | null;
}

const points = (n: number) => `${n} point${n === 1 ? '' : 's'}`;

function costText(f: ChargeFacts): string {
  const surcharge = f.hotRush ? ` (+${f.hotRushSurcharge} HotRush surcharge)` : '';
  if (f.cost === null) return `Cost not rated yet${surcharge}`;
  if (f.cost === 0 && !f.hotRush) return 'Free (0 points)';
  return `Cost ${points(f.cost)}${surcharge}`;
}

function chargedText(charged: number, at: number | null): string {
  const when = at === null ? '' : ` on ${formatDate(at)}`;
  return charged === 0 ? `nothing charged${when}` : `charged ${points(charged)}${when}`;
}

/** "Cost 3 points (+5 HotRush surcharge) · charged 8 points on 2 Nov 2026". */
export function chargeText(f: ChargeFacts): string {
  const cost = costText(f);
  return f.chargedPoints === null ? cost : `${cost} · ${chargedText(f.chargedPoints, f.chargedAt)}`;
}
