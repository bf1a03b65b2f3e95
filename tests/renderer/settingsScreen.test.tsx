// @vitest-environment happy-dom
/**
 * The admin's settings screen: milliseconds shown in hours and days, every field labelled, a
 * bad value refused beside its field with the reason, a refusal from main placed beside the
 * field it names, and a save sending milliseconds. Main is the preload's bridge shape
 * (`window.switchboard`) answering from memory here; tests/console/settingsConsole.test.ts
 * runs the same operations against a real core and server. Also the update notice.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryKey } from '../../src/renderer/api/queryKeys';
import { fieldOfError, formOf, readForm } from '../../src/renderer/settings/settingsForm';
import { SettingsScreen } from '../../src/renderer/settings/SettingsScreen';
import { UpdateNotice, updateStatusText, useUpdateStatus } from '../../src/renderer/shell/UpdateNotice';
import type { ConsoleReply } from '../../src/shared/console/consoleApi';
import { defaultLifecycleSettings, type LifecycleSettings } from '../../src/shared/domain/model';
import { defaultAffiliateSettings } from '../../src/shared/affiliates/affiliates';

afterEach(cleanup);

const hour = 3_600_000;
const saves: LifecycleSettings[] = [];
let refuseNext: ConsoleReply<never> | null = null;

beforeAll(() => {
  (window as unknown as { switchboard: unknown }).switchboard = {
    settings: {
      getLifecycle: async () => ({ ok: true, output: defaultLifecycleSettings }),
      getAffiliate: async () => ({ ok: true, output: defaultAffiliateSettings }),
      saveLifecycle: async (input: LifecycleSettings): Promise<ConsoleReply<LifecycleSettings>> => {
        const refusal = refuseNext;
        refuseNext = null;
        if (refusal) return refusal;
        saves.push(input);
        return { ok: true, output: input };
      },
    },
    on: () => () => undefined,
  };
});

function renderScreen() {
  const q = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  q.setQueryData(queryKey('settings.getLifecycle'), defaultLifecycleSettings);
  q.setQueryData(queryKey('settings.getAffiliate'), defaultAffiliateSettings);
  return render(
    <QueryClientProvider client={q}>
      <SettingsScreen />
    </QueryClientProvider>,
  );
}

describe('settingsForm', () => {
  it('shows milliseconds in the unit people use, and reads them back exactly', () => {
    const form = formOf(defaultLifecycleSettings);
    expect(form).toEqual({
      preCloseAfterMs: '48', closeAfterMs: '3', reopenWindowMs: '14',
      'turnaroundMs.hotRush': '1', 'turnaroundMs.major': '4', 'turnaroundMs.normal': '12', 'turnaroundMs.minor': '24', hotRushSurcharge: '5',
    });
    expect(readForm(form)).toEqual({ ok: true, settings: defaultLifecycleSettings });
    expect(readForm({ ...form, 'turnaroundMs.hotRush': '0.5', closeAfterMs: ' 2 ' })).toMatchObject({ ok: true, settings: { closeAfterMs: 48 * hour, turnaroundMs: { hotRush: hour / 2 } } });
  });

  it('names each field it cannot save and why', () => {
    const form = formOf(defaultLifecycleSettings);
    expect(readForm({ ...form, preCloseAfterMs: '', 'turnaroundMs.major': '0', reopenWindowMs: '400', hotRushSurcharge: '2.5', 'turnaroundMs.minor': 'soon' })).toEqual({
      ok: false,
      errors: {
        preCloseAfterMs: 'must be a number of hours',
        reopenWindowMs: 'must be at most 365 days',
        'turnaroundMs.major': 'must be more than 0 hours',
        'turnaroundMs.minor': 'must be a number of hours',
        hotRushSurcharge: 'must be a whole number of support points',
      },
    });
    expect(readForm({ ...form, hotRushSurcharge: '-1' })).toEqual({ ok: false, errors: { hotRushSurcharge: 'must not be negative' } });
  });

  it('maps the field a refusal names to the form field', () => {
    expect(fieldOfError('turnaroundMs.major')).toBe('turnaroundMs.major');
    expect(fieldOfError('body.hotRushSurcharge')).toBe('hotRushSurcharge');
    expect(fieldOfError('body')).toBeNull();
    expect(fieldOfError(undefined)).toBeNull();
  });
});

describe('<SettingsScreen>', () => {
  it('labels every field with its unit and says that new settings apply to new clocks only', () => {
    renderScreen();
    expect((screen.getByLabelText('Major turnaround (hours)') as HTMLInputElement).value).toBe('4');
    expect((screen.getByLabelText('Close pre-closed tickets after (days)') as HTMLInputElement).value).toBe('3');
    expect((screen.getByLabelText('HotRush surcharge (points)') as HTMLInputElement).value).toBe('5');
    for (const input of document.querySelectorAll('input')) expect(input.labels?.length, input.id).toBe(1);
    expect(screen.getByText(/apply to new clocks only/)).toBeTruthy();
  });

  it('keeps Save and Undo disabled until an edit, saying why; Undo puts the saved values back', () => {
    renderScreen();
    const saveButton = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    const undo = screen.getByRole('button', { name: 'Undo edits' }) as HTMLButtonElement;
    expect([saveButton.disabled, undo.disabled]).toEqual([true, true]);
    expect(document.getElementById(saveButton.getAttribute('aria-describedby')!)!.textContent).toBe('Nothing edited yet.');
    const major = screen.getByLabelText('Major turnaround (hours)') as HTMLInputElement;
    fireEvent.change(major, { target: { value: '6' } });
    expect([saveButton.disabled, undo.disabled]).toEqual([false, false]);
    fireEvent.click(undo);
    expect(major.value).toBe('4');
    expect(saveButton.disabled).toBe(true);
  });

  it('refuses a bad value beside its field, sends nothing, then saves milliseconds', async () => {
    renderScreen();
    const major = screen.getByLabelText('Major turnaround (hours)');
    fireEvent.change(major, { target: { value: '-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(major.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(major.getAttribute('aria-describedby')!.split(' ')[1]!)!;
    expect(error.textContent).toBe('must be more than 0 hours');
    expect(screen.getByRole('alert').textContent).toMatch(/Not saved/);
    expect(saves).toHaveLength(0);

    fireEvent.change(major, { target: { value: '2' } });
    expect(major.getAttribute('aria-invalid')).toBe('false');
    fireEvent.change(screen.getByLabelText('HotRush surcharge (points)'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Saved/));
    expect(saves).toEqual([{ ...defaultLifecycleSettings, turnaroundMs: { ...defaultLifecycleSettings.turnaroundMs, major: 2 * hour }, hotRushSurcharge: 7 }]);
  });

  it('puts a refusal from main beside the field it names', async () => {
    renderScreen();
    refuseNext = { ok: false, error: { code: 'invalid_input', message: 'settings.saveLifecycle: turnaroundMs.minor: must be at most 31536000000 ms (365 days)', field: 'turnaroundMs.minor' } };
    const minor = screen.getByLabelText('Minor turnaround (hours)');
    fireEvent.change(minor, { target: { value: '9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(minor.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('setting-turnaroundMs-minor-error')!.textContent).toBe('must be at most 31536000000 ms (365 days)');
  });
});

describe('update notice', () => {
  it('says what the update is doing, and nothing while idle or up to date', () => {
    expect(updateStatusText({ phase: 'downloading', version: '1.2.0', percent: 45.4, transferred: 45, total: 100 })).toEqual({ text: 'Update 1.2.0 downloading 45%', tone: 'info' });
    expect(updateStatusText({ phase: 'ready', version: '1.2.0' })).toEqual({ text: 'Update 1.2.0 ready — restart to install', tone: 'ready' });
    expect(updateStatusText({ phase: 'error', message: 'feed unreachable', at: 1 })).toMatchObject({ text: 'Update failed: feed unreachable' });
    expect(updateStatusText({ phase: 'upToDate', checkedAt: 1 })).toBeNull();
    expect(updateStatusText(null)).toBeNull();
  });

  it('shows the last status main sent', () => {
    const { container } = render(<UpdateNotice />);
    expect(container.textContent).toBe('');
    act(() => useUpdateStatus.setState({ status: { phase: 'downloading', version: '1.2.0', percent: 45, transferred: 45, total: 100 } }));
    expect(screen.getByRole('status').textContent).toBe('Update 1.2.0 downloading 45%');
    act(() => useUpdateStatus.setState({ status: { phase: 'ready', version: '1.2.0' } }));
    expect(screen.getByRole('status').textContent).toBe('Update 1.2.0 ready — restart to install');
  });
});
