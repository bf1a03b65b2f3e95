/**
 * Turns a refused request into what a form shows: the reason beside each field the server
 * named, and the rest as the form's own error. Field names are the request body's.
 */
import { useState } from 'react';
import { errorText, PortalError } from '../api/portalClient';

export interface FormErrors {
  field(name: string): string | undefined;
  form: string | null;
  /** Takes a caught error; fields it names show beside them, the rest as the form's error. */
  take(err: unknown, fields: readonly string[]): void;
  set(fields: Record<string, string>): void;
  clear(): void;
}

export function useFormErrors(): FormErrors {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [form, setForm] = useState<string | null>(null);
  return {
    field: (name) => fields[name],
    form,
    take(err, names) {
      const found: Record<string, string> = {};
      if (err instanceof PortalError) for (const n of names) {
        const reason = err.reasonFor(n);
        if (reason) found[n] = reason;
      }
      setFields(found);
      setForm(Object.keys(found).length ? null : errorText(err));
    },
    set(f) {
      setFields(f);
      setForm(null);
    },
    clear() {
      setFields({});
      setForm(null);
    },
  };
}
