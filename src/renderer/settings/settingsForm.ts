/**
 * The life-cycle settings form: the server keeps milliseconds, people think in hours and days.
 * Each field knows its unit; `readForm` turns the typed text back into settings or names, per
 * field, why it cannot (the same limits the server enforces, so a refusal is rare and, when
 * it comes, lands beside the same field by its path).
 */
import type { LifecycleSettings } from '../../shared/domain/model';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** The server's limit for every period (src/shared/api/adminSettings.ts). */
const maxPeriodMs = 365 * dayMs;
const maxSurcharge = 10_000;

/** A field by its path in the settings (`turnaroundMs.major`), as error fields name it. */
export type SettingsField = 'preCloseAfterMs' | 'closeAfterMs' | 'reopenWindowMs' | 'turnaroundMs.hotRush' | 'turnaroundMs.major' | 'turnaroundMs.normal' | 'turnaroundMs.minor' | 'hotRushSurcharge';

export interface FieldSpec {
  field: SettingsField;
  label: string;
  unit: 'hours' | 'days' | 'points';
  /** What the value means, read out with the field. */
  hint: string;
}

export const periodFields: readonly FieldSpec[] = [
  { field: 'preCloseAfterMs', label: 'Pre-close answered tickets after', unit: 'hours', hint: 'without a customer comment (default 48 hours)' },
  { field: 'closeAfterMs', label: 'Close pre-closed tickets after', unit: 'days', hint: 'without customer feedback; the charge is made then (default 3 days)' },
  { field: 'reopenWindowMs', label: 'Reopen window', unit: 'days', hint: 'after closing; later messages start a follow-up ticket (default 14 days)' },
];

export const turnaroundFields: readonly FieldSpec[] = [
  { field: 'turnaroundMs.hotRush', label: 'HotRush turnaround', unit: 'hours', hint: 'counted 24/7 (default 1 hour)' },
  { field: 'turnaroundMs.major', label: 'Major turnaround', unit: 'hours', hint: 'counted 24/7 (default 4 hours)' },
  { field: 'turnaroundMs.normal', label: 'Normal turnaround', unit: 'hours', hint: 'counted 24/7 (default 12 hours)' },
  { field: 'turnaroundMs.minor', label: 'Minor turnaround', unit: 'hours', hint: 'counted 24/7 (default 24 hours)' },
];

export const surchargeField: FieldSpec = { field: 'hotRushSurcharge', label: 'HotRush surcharge', unit: 'points', hint: 'added to the charge of a HotRush ticket (default 5)' };

export type SettingsForm = Record<SettingsField, string>;
export type FormErrors = Partial<Record<SettingsField, string>>;

const allFields: readonly FieldSpec[] = [...periodFields, ...turnaroundFields, surchargeField];
const unitMs = { hours: hourMs, days: dayMs } as const;

function valueAt(s: LifecycleSettings, field: SettingsField): number {
  if (field.startsWith('turnaroundMs.')) return s.turnaroundMs[field.slice('turnaroundMs.'.length) as keyof LifecycleSettings['turnaroundMs']];
  return s[field as 'preCloseAfterMs' | 'closeAfterMs' | 'reopenWindowMs' | 'hotRushSurcharge'];
}

/** 48, 1.5, 0.25: as many decimals as the value needs, up to four. */
const plain = (n: number) => String(Number(n.toFixed(4)));

export function formOf(s: LifecycleSettings): SettingsForm {
  const entries = allFields.map((f) => {
    const v = valueAt(s, f.field);
    return [f.field, f.unit === 'points' ? String(v) : plain(v / unitMs[f.unit])] as const;
  });
  return Object.fromEntries(entries) as SettingsForm;
}

function readPeriod(text: string, unit: 'hours' | 'days'): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) return `must be a number of ${unit}`;
  const ms = Math.round(n * unitMs[unit]);
  if (ms <= 0) return `must be more than 0 ${unit}`;
  if (ms > maxPeriodMs) return unit === 'days' ? 'must be at most 365 days' : `must be at most ${365 * 24} hours (365 days)`;
  return ms;
}

function readPoints(text: string): number | string {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n)) return 'must be a whole number of support points';
  if (n < 0) return 'must not be negative';
  if (n > maxSurcharge) return `must be at most ${maxSurcharge} support points`;
  return n;
}

/** The settings the form describes, or the reason for each field that cannot be saved. */
export function readForm(form: SettingsForm): { ok: true; settings: LifecycleSettings } | { ok: false; errors: FormErrors } {
  const values: Partial<Record<SettingsField, number>> = {};
  const errors: FormErrors = {};
  for (const f of allFields) {
    const v = f.unit === 'points' ? readPoints(form[f.field]) : readPeriod(form[f.field], f.unit);
    if (typeof v === 'string') errors[f.field] = v;
    else values[f.field] = v;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const v = values as Record<SettingsField, number>;
  return {
    ok: true,
    settings: {
      preCloseAfterMs: v.preCloseAfterMs,
      closeAfterMs: v.closeAfterMs,
      reopenWindowMs: v.reopenWindowMs,
      turnaroundMs: { hotRush: v['turnaroundMs.hotRush'], major: v['turnaroundMs.major'], normal: v['turnaroundMs.normal'], minor: v['turnaroundMs.minor'] },
      hotRushSurcharge: v.hotRushSurcharge,
    },
  };
}

/** The form field a refusal names (`turnaroundMs.major`, or the server's `body.turnaroundMs.major`), if it is one. */
export function fieldOfError(field: string | undefined): SettingsField | null {
  const path = field?.replace(/^body\./, '');
  return path && allFields.some((f) => f.field === path) ? (path as SettingsField) : null;
}

/** A settings form's submit: each field's reason when the shared rules refuse the form (nothing saved), else the save. */
export function submitSettings<T, E extends object>(
  read: { ok: true; settings: T } | { ok: false; errors: E },
  to: { setErrors(errors: E): void; setOutcome(outcome: { ok: boolean; text: string }): void; save(settings: T): void },
): void {
  if (!read.ok) {
    to.setErrors(read.errors);
    to.setOutcome({ ok: false, text: 'Not saved: correct the fields marked below.' });
    return;
  }
  to.setErrors({} as E);
  to.save(read.settings);
}
