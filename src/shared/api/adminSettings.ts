/** Request and response schemas of the admin settings API (`/api/admin/settings/...`). */
import { z } from 'zod';

const maxPeriodMs = 365 * 24 * 3_600_000;
const period = z
  .number({ error: 'must be a number of milliseconds' })
  .int('must be a whole number of milliseconds')
  .positive('must be more than 0 ms')
  .max(maxPeriodMs, `must be at most ${maxPeriodMs} ms (365 days)`);

/** The life-cycle periods and targets of DOMAIN.md, all in ms; a new value applies to clocks started after it. */
export const LifecycleSettingsBody = z.strictObject({
  /** Answered tickets without a customer comment for this long become pre-closed (default 48h). */
  preCloseAfterMs: period,
  /** Pre-closed tickets without feedback for this long close, with their charge (default 3 days). */
  closeAfterMs: period,
  /** A closed ticket can be reopened this long after it closed (default 14 days). */
  reopenWindowMs: period,
  /** Turnaround targets, counted 24/7. */
  turnaroundMs: z.strictObject({ hotRush: period, major: period, normal: period, minor: period }),
  /** Support points added to the charge of a HotRush ticket (default 5). */
  hotRushSurcharge: z
    .number({ error: 'must be a number of support points' })
    .int('must be a whole number of support points')
    .min(0, 'must not be negative')
    .max(10_000, 'must be at most 10000 support points'),
});
export type LifecycleSettingsBody = z.infer<typeof LifecycleSettingsBody>;
