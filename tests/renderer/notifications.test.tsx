// @vitest-environment happy-dom
/**
 * Main's notifications reach the user as toasts: a turnaround breach the server called out
 * (issue 20, probe 14) shows its title and subject with a way to open the ticket. Main is the
 * preload's bridge shape (`window.switchboard`), its events sent from here; the console side
 * is tests/console/webHost.test.ts against a real core and server.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useConsoleEvents } from '../../src/renderer/api/useConsoleEvents';
import { Toasts } from '../../src/renderer/shell/Toasts';
import { useUi } from '../../src/renderer/shell/uiStore';

afterEach(cleanup);

const listeners = new Map<string, Array<(payload: unknown) => void>>();
beforeAll(() => {
  (window as unknown as { switchboard: unknown }).switchboard = {
    on: (event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () => undefined;
    },
  };
});

function Shell() {
  useConsoleEvents();
  return <Toasts />;
}

describe('notifications from main', () => {
  it('shows a breach call-out with its ticket, and opens the ticket from it', async () => {
    render(
      <QueryClientProvider client={new QueryClient()}>
        <Shell />
      </QueryClientProvider>,
    );
    act(() => {
      for (const l of listeners.get('notification') ?? []) l({ kind: 'breach', ticketId: 42, ticketNumber: 1042, title: '#1042 breached its turnaround target', body: 'Orders page times out' });
    });
    const toast = (await screen.findByText('#1042 breached its turnaround target')).closest('li')!;
    expect(toast.className).toContain('toast-breach');
    expect(toast.textContent).toContain('Orders page times out');
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(useUi.getState().screen).toMatchObject({ name: 'ticket', ticketId: 42 });
  });
});
