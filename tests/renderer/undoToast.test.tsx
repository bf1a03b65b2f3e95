// @vitest-environment happy-dom
/**
 * The undo toast (issue 21) and the access info panel, as components. Main is the preload's
 * bridge shape (`window.switchboard`), answering `outbox.undo` and `accessInfo.reveal`; the
 * console side is tests/console/undoWindow.test.ts, the whole path tests/console/undoChromium.test.ts.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleReply } from '../../src/shared/console/consoleApi';
import type { SessionInfo } from '../../src/shared/console/schemas';
import { queryKey } from '../../src/renderer/api/queryKeys';
import { offerUndo } from '../../src/renderer/api/undo';
import { AccessInfo } from '../../src/renderer/customer/AccessInfo';
import { Toasts } from '../../src/renderer/shell/Toasts';
import { useShortcuts } from '../../src/renderer/shell/useShortcuts';
import { useUi } from '../../src/renderer/shell/uiStore';

afterEach(cleanup);

/** What main was asked to undo, and how it answers. */
const undoCalls: string[][] = [];
let undoReply: (keys: string[]) => ConsoleReply<unknown> = (keys) => ({ ok: true, output: { undone: keys.length } });
let reveals = 0;

beforeAll(() => {
  (window as unknown as { switchboard: unknown }).switchboard = {
    on: () => () => undefined,
    outbox: {
      undo: async (input: { keys: string[] }) => {
        undoCalls.push(input.keys);
        return undoReply(input.keys);
      },
    },
    accessInfo: {
      reveal: async () => {
        reveals += 1;
        return { ok: true, output: { entries: [{ id: 1, text: 'ftp user=carla', createdAt: Date.now() }] } };
      },
    },
  };
});
beforeEach(() => {
  undoCalls.length = 0;
  undoReply = (keys) => ({ ok: true, output: { undone: keys.length } });
  act(() => {
    for (const t of useUi.getState().toasts) useUi.getState().dismissToast(t.id);
  });
});

const session = (role: SessionInfo['user']['role']): SessionInfo => ({
  serverUrl: 'http://helpdesk.test',
  user: { id: 9, email: 'someone@example.com', name: 'Sam', role, departmentIds: [1] },
});

function withSession(role: SessionInfo['user']['role'], ui: ReactNode) {
  const q = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  q.setQueryData(queryKey('auth.session'), session(role));
  return render(<QueryClientProvider client={q}>{ui}</QueryClientProvider>);
}

function Shell() {
  useShortcuts(session('staff.dispatcher'));
  return <Toasts />;
}

const inAMinute = () => Date.now() + 60_000;
const toastItem = (title: string) => screen.getByText(title).closest('li')!;

describe('the undo toast', () => {
  it('names what happened and offers Undo with its key z; the button cancels it in main', async () => {
    withSession('staff.dispatcher', <Shell />);
    act(() => offerUndo([{ mutationId: 4, summary: 'Closed #1042 · 20 points charged', undo: { key: 'k4', until: inAMinute() } }]));
    const toast = toastItem('Closed #1042 · 20 points charged');
    const undo = screen.getByRole('button', { name: /^Undo/ });
    expect(toast.contains(undo)).toBe(true);
    expect(undo.getAttribute('aria-keyshortcuts')).toBe('z');
    expect(undo.querySelector('kbd')?.textContent).toBe('z');
    fireEvent.click(undo);
    await screen.findByText('Undone: Closed #1042 · 20 points charged');
    expect(undoCalls).toEqual([['k4']]);
    expect(screen.queryByText('Closed #1042 · 20 points charged')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Undo/ })).toBeNull();
  });

  it('z undoes the newest toast; several actions done as one share one toast and one undo', async () => {
    withSession('staff.dispatcher', <Shell />);
    act(() => offerUndo([{ mutationId: 1, summary: 'Verified order 7', undo: { key: 'a', until: inAMinute() } }]));
    act(() =>
      offerUndo(
        [
          { mutationId: 2, summary: 'Priority of #1 set to major', undo: { key: 'b', until: inAMinute() } },
          { mutationId: 3, summary: 'Priority of #2 set to major', undo: { key: 'c', until: inAMinute() } },
        ],
        'Set priority · 2 tickets',
      ),
    );
    expect(screen.getAllByRole('button', { name: /^Undo/ })).toHaveLength(2);
    fireEvent.keyDown(document.body, { key: 'z' });
    await screen.findByText('Undone: Set priority · 2 tickets');
    expect(undoCalls).toEqual([['b', 'c']]);
    // The older one still waits, and is the next z's.
    expect(screen.getByText('Verified order 7')).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'z' });
    await screen.findByText('Undone: Verified order 7');
    expect(undoCalls).toEqual([['b', 'c'], ['a']]);
  });

  it('says when it was too late: main had already sent it', async () => {
    undoReply = () => ({ ok: false, error: { code: 'undo_too_late', message: 'already sent' } });
    withSession('staff.dispatcher', <Shell />);
    act(() => offerUndo([{ mutationId: 5, summary: 'Merged #3 into #4', undo: { key: 'm', until: inAMinute() } }]));
    fireEvent.click(screen.getByRole('button', { name: /^Undo/ }));
    await screen.findByText('Too late to undo');
    expect(screen.getByText('Merged #3 into #4: already sent to the server.')).toBeTruthy();
  });

  it('offers no Undo for an action that was not held (no undo window), only what it did', () => {
    withSession('staff.dispatcher', <Shell />);
    act(() => offerUndo([{ mutationId: 6, summary: 'Closed #1043' }]));
    expect(screen.getByText('Closed #1043')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Undo/ })).toBeNull();
    fireEvent.keyDown(document.body, { key: 'z' });
    expect(undoCalls).toEqual([]);
  });
});

describe('the access info panel', () => {
  it('offers the reveal only for a ticket with access info', async () => {
    const q = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    q.setQueryData(queryKey('auth.session'), session('staff.engineer'));
    const panel = (hasAccessInfo: boolean | null) => (
      <QueryClientProvider client={q}>
        <AccessInfo ticketId={7} hasAccessInfo={hasAccessInfo} />
      </QueryClientProvider>
    );
    const view = render(panel(false));
    expect(screen.getByText('No access info posted.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    // The customer posts some: the synced ticket's flag turns true, and the button appears.
    view.rerender(panel(true));
    expect(screen.queryByText('No access info posted.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reveal access info' }));
    await screen.findByText('ftp user=carla');
    expect(reveals).toBe(1);
  });

  it('offers the reveal while it is not known whether there is access info (a row cached before the flag)', () => {
    withSession('staff.engineer', <AccessInfo ticketId={7} hasAccessInfo={null} />);
    expect(screen.getByRole('button', { name: 'Reveal access info' })).toBeTruthy();
    expect(screen.queryByText('No access info posted.')).toBeNull();
  });

  it('shows nothing to a role that may not reveal', () => {
    const view = withSession('staff.dispatcher', <AccessInfo ticketId={7} hasAccessInfo />);
    expect(view.container.textContent).toBe('');
  });
});
