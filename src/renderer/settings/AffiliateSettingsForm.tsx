/**
 * Admins: the affiliate program's settings (commission, referral window, what a support point
 * is worth when billing converts a payout), checked by the shared rules beside each field
 * before saving, and saved on the server (online only). A new commission applies to orders
 * verified after the save; commission already credited keeps its amount.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AffiliateSettings } from '../../shared/affiliates/affiliates';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { ServerReadError } from '../staff/ServerReadError';
import { submitSettings } from './settingsForm';

type Field = keyof AffiliateSettings;
type Form = Record<Field, string>;
const fields: Array<{ field: Field; label: string; hint: string }> = [
  { field: 'commissionPercent', label: 'Commission (percent of the paid amount)', hint: 'credited when billing verifies a referred order' },
  { field: 'windowDays', label: 'Referral window (days)', hint: 'from the visit through the link to the purchase; also the referral cookie’s life' },
  { field: 'pointCents', label: 'Value of one support point (cents)', hint: 'used when billing converts a payout into support points' },
];
const formOf = (s: AffiliateSettings): Form => ({ commissionPercent: String(s.commissionPercent), windowDays: String(s.windowDays), pointCents: String(s.pointCents) });

/** The form read by the shared rules: the settings, or each field's reason. */
function readForm(form: Form): { ok: true; settings: AffiliateSettings } | { ok: false; errors: Partial<Form> } {
  const numbers = Object.fromEntries(fields.map(({ field }) => [field, form[field].trim() === '' ? Number.NaN : Number(form[field])]));
  const parsed = AffiliateSettings.safeParse(numbers);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors: Partial<Form> = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as Field] ??= Number.isNaN(numbers[issue.path[0] as Field]) ? 'must be a number' : issue.message;
  return { ok: false, errors };
}

function Editor({ saved }: { saved: AffiliateSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => formOf(saved));
  const [errors, setErrors] = useState<Partial<Form>>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  // The server's values read again (another admin saved): shown, as the life-cycle form does.
  useEffect(() => setForm(formOf(saved)), [saved]);
  const save = useMutation({
    mutationFn: (settings: AffiliateSettings) => consoleClient().settings.saveAffiliate(settings),
    onSuccess: (stored) => {
      queryClient.setQueryData(queryKey('settings.getAffiliate'), stored);
      setOutcome({ ok: true, text: 'Saved. Orders verified from now on earn the new commission.' });
    },
    onError: (err) => {
      const field = err instanceof ConsoleCallError ? (err.field?.split('.').at(-1) as Field | undefined) : undefined;
      if (field && fields.some((f) => f.field === field)) setErrors({ [field]: err.message.split(': ').at(-1) });
      setOutcome({ ok: false, text: `Not saved: ${err.message}` });
    },
  });
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(saved));

  return (
    <form
      className="settings-form"
      aria-label="Affiliate program settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submitSettings(readForm(form), { setErrors, setOutcome, save: (settings) => save.mutate(settings) });
      }}
    >
      {outcome && !outcome.ok && <p role="alert" className="field-error error-summary">{outcome.text}</p>}
      <fieldset>
        <legend>Affiliate program</legend>
        {fields.map(({ field, label, hint }) => {
          const id = `affiliate-${field}`;
          return (
            <div className="setting-field" key={field}>
              <label htmlFor={id}>{label}</label>
              <input
                id={id}
                inputMode="decimal"
                value={form[field]}
                aria-invalid={errors[field] !== undefined}
                aria-describedby={`${id}-hint${errors[field] ? ` ${id}-error` : ''}`}
                onChange={(e) => {
                  setForm((f) => ({ ...f, [field]: e.target.value }));
                  setErrors((x) => ({ ...x, [field]: undefined }));
                  setOutcome(null);
                }}
              />
              <span id={`${id}-hint`} className="hint">{hint}</span>
              {errors[field] && <span id={`${id}-error`} className="field-error">{errors[field]}</span>}
            </div>
          );
        })}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending || !dirty}>
          {save.isPending ? 'Saving…' : 'Save affiliate settings'}
        </button>
        <button type="button" disabled={!dirty} onClick={() => { setForm(formOf(saved)); setErrors({}); setOutcome(null); }}>
          Undo affiliate edits
        </button>
      </div>
      {outcome?.ok && <p role="status" className="saved">{outcome.text}</p>}
    </form>
  );
}

export function AffiliateSettingsSection() {
  const settings = useQuery({ queryKey: queryKey('settings.getAffiliate'), queryFn: () => consoleClient().settings.getAffiliate(), retry: false });
  if (settings.isPending) return <p className="loading">Reading the affiliate settings from the server…</p>;
  if (settings.isError) return <ServerReadError error={settings.error} retry={() => void settings.refetch()} />;
  return <Editor saved={settings.data} />;
}
