/**
 * Admins: the life-cycle settings (pre-close, close and reopen periods, turnaround targets,
 * HotRush surcharge) in hours and days, checked beside each field before saving; below them
 * the affiliate program's (AffiliateSettingsForm.tsx). They live on the server, so the screen
 * needs a connection; a saved value applies to clocks started after it, never to a deadline
 * already running.
 */
import { ServerReadError } from '../staff/ServerReadError';
import { AffiliateSettingsSection } from './AffiliateSettingsForm';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ConsoleCallError } from '../../shared/console/consoleApi';
import type { LifecycleSettings } from '../../shared/domain/model';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { fieldOfError, formOf, periodFields, readForm, submitSettings, surchargeField, turnaroundFields, type FieldSpec, type FormErrors, type SettingsForm } from './settingsForm';

const idOf = (field: string) => `setting-${field.replace('.', '-')}`;

function SettingField({ spec, value, error, onChange }: { spec: FieldSpec; value: string; error?: string; onChange: (text: string) => void }) {
  const id = idOf(spec.field);
  return (
    <div className="setting-field">
      <label htmlFor={id}>
        {spec.label} ({spec.unit})
      </label>
      <input
        id={id}
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      <span id={`${id}-hint`} className="hint">
        {spec.unit} · {spec.hint}
      </span>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function SettingsEditor({ saved }: { saved: LifecycleSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SettingsForm>(() => formOf(saved));
  const [errors, setErrors] = useState<FormErrors>({});
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setForm(formOf(saved)), [saved]);

  const save = useMutation({
    mutationFn: (settings: LifecycleSettings) => consoleClient().settings.saveLifecycle(settings),
    onSuccess: (stored) => {
      queryClient.setQueryData(queryKey('settings.getLifecycle'), stored);
      setOutcome({ ok: true, text: 'Saved. New clocks use these values; clocks already running keep theirs.' });
    },
    onError: (err) => {
      const field = err instanceof ConsoleCallError ? fieldOfError(err.field) : null;
      // The reason is the message's last part ("settings.saveLifecycle: turnaroundMs.major: must be …").
      if (field) setErrors({ [field]: err.message.split(': ').at(-1) });
      setOutcome({ ok: false, text: `Not saved: ${err.message}` });
    },
  });

  const change = (field: keyof SettingsForm, text: string) => {
    setForm((f) => ({ ...f, [field]: text }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setOutcome(null);
  };
  // Save and Undo mean nothing before an edit: disabled, saying why.
  const dirty = JSON.stringify(form) !== JSON.stringify(formOf(saved));
  const field = (spec: FieldSpec) => <SettingField key={spec.field} spec={spec} value={form[spec.field]} error={errors[spec.field]} onChange={(t) => change(spec.field, t)} />;

  return (
    <form
      className="settings-form"
      aria-label="Life-cycle settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submitSettings(readForm(form), { setErrors, setOutcome, save: (settings) => save.mutate(settings) });
      }}
    >
      <p className="note">New values apply to new clocks only: the server keeps every deadline already started (a customer told “closes in 3 days” keeps the 3 days).</p>
      {/* A refusal is summed up above the fields (each also says its own reason beside it). */}
      {outcome && !outcome.ok && (
        <p role="alert" className="field-error error-summary">
          {outcome.text}
        </p>
      )}
      <fieldset>
        <legend>Ticket life cycle</legend>
        {periodFields.map(field)}
      </fieldset>
      <fieldset>
        <legend>Turnaround targets</legend>
        {turnaroundFields.map(field)}
      </fieldset>
      <fieldset>
        <legend>Charges</legend>
        {field(surchargeField)}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending || !dirty} aria-describedby={dirty ? undefined : 'settings-unchanged'}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
        <button
          type="button"
          disabled={!dirty}
          aria-describedby={dirty ? undefined : 'settings-unchanged'}
          onClick={() => {
            setForm(formOf(saved));
            setErrors({});
            setOutcome(null);
          }}
        >
          Undo edits
        </button>
        {!dirty && (
          <span id="settings-unchanged" className="hint muted">
            Nothing edited yet.
          </span>
        )}
      </div>
      {outcome?.ok && (
        <p role="status" className="saved">
          {outcome.text}
        </p>
      )}
    </form>
  );
}

export function SettingsScreen() {
  const settings = useQuery({ queryKey: queryKey('settings.getLifecycle'), queryFn: () => consoleClient().settings.getLifecycle(), retry: false });
  return (
    <section className="settings-screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      {settings.isPending ? (
        <p className="loading">Reading the settings from the server…</p>
      ) : settings.isError ? (
        <ServerReadError error={settings.error} retry={() => void settings.refetch()} />
      ) : (
        <SettingsEditor saved={settings.data} />
      )}
      <AffiliateSettingsSection />
    </section>
  );
}
