/**
 * The signed-in console: header, the queue views on the left, the current screen, the status
 * bar, and the overlays (command palette, shortcuts, toasts). Keyboard shortcuts live here.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionInfo } from '../../shared/console/schemas';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useViews } from '../api/reads';
import { AccountScreen } from '../account/AccountScreen';
import { BillingScreen } from '../billing/BillingScreen';
import { PayoutsScreen } from '../affiliates/PayoutsScreen';
import { HeldMailScreen } from '../mail/HeldMailScreen';
import { DashboardScreen } from '../dashboard/DashboardScreen';
import { FilesScreen } from '../files/FilesScreen';
import { loadQueuePrefs } from '../queue/queuePrefs';
import { QueueScreen } from '../queue/QueueScreen';
import { QueueSidebar } from '../queue/QueueSidebar';
import { SettingsScreen } from '../settings/SettingsScreen';
import { SecurityScreen } from '../security/SecurityScreen';
import { SearchScreen } from '../search/SearchScreen';
import { TicketScreen } from '../ticket/TicketScreen';
import { AuditScreen } from '../staff/AuditScreen';
import { DepartmentsScreen } from '../staff/DepartmentsScreen';
import { CatalogueScreen } from '../catalogue/CatalogueScreen';
import { NewslettersScreen } from '../newsletters/NewslettersScreen';
import { ForumScreen } from '../forum/ForumScreen';
import { TeamScreen } from '../staff/TeamScreen';
import { CommandPalette } from './CommandPalette';
import { ShortcutHelp } from './ShortcutHelp';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { useUi } from './uiStore';
import { useShortcuts } from './useShortcuts';

const roleLabels: Record<string, string> = { 'staff.dispatcher': 'Dispatcher', 'staff.engineer': 'Engineer', 'staff.billing': 'Billing', 'staff.admin': 'Admin' };

export function AppShell({ session }: { session: SessionInfo }) {
  const queryClient = useQueryClient();
  const views = useViews();
  const screen = useUi((s) => s.screen);
  const view = useUi((s) => s.view);
  const overlay = useUi((s) => s.overlay);
  const chooseView = useUi((s) => s.chooseView);
  useShortcuts(session);

  // Start on the view this user left, else the first one.
  useEffect(() => {
    if (view !== null || !views.data?.length) return;
    const last = loadQueuePrefs(session).lastView;
    chooseView(views.data.some((v) => v.id === last) ? last! : views.data[0]!.id);
  }, [view, views.data, session, chooseView]);

  const signOut = useMutation({
    mutationFn: () => consoleClient().auth.signOut(),
    onSuccess: () => queryClient.setQueryData(queryKey('auth.session'), null),
  });

  return (
    <div className="app-shell">
      <header className="app-header">
        <strong className="brand">Switchboard</strong>
        <button type="button" className="palette-button" onClick={() => useUi.getState().setOverlay('palette')} aria-keyshortcuts="Control+K" title="Command palette (Ctrl+K)">
          Search or run a command… <kbd>Ctrl K</kbd>
        </button>
        <span className="who">
          {session.user.name} · {roleLabels[session.user.role] ?? session.user.role} · <span className="muted">{session.serverUrl}</span>
        </span>
        <button type="button" onClick={() => useUi.getState().show({ name: 'security' })} aria-current={screen.name === 'security' ? 'page' : undefined}>
          Security
        </button>
        <button type="button" onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </header>
      <QueueSidebar current={view} />
      <main className="app-main">
        {screen.name === 'ticket' ? (
          <TicketScreen key={screen.ticketId} session={session} ticketId={screen.ticketId} />
        ) : screen.name === 'search' ? (
          <SearchScreen />
        ) : screen.name === 'dashboard' ? (
          <DashboardScreen />
        ) : screen.name === 'billing' ? (
          <BillingScreen />
        ) : screen.name === 'payouts' ? (
          <PayoutsScreen />
        ) : screen.name === 'heldMail' ? (
          <HeldMailScreen />
        ) : screen.name === 'files' ? (
          <FilesScreen />
        ) : screen.name === 'settings' ? (
          <SettingsScreen />
        ) : screen.name === 'security' ? (
          <SecurityScreen session={session} />
        ) : screen.name === 'team' ? (
          <TeamScreen />
        ) : screen.name === 'departments' ? (
          <DepartmentsScreen />
        ) : screen.name === 'forum' ? (
          <ForumScreen />
        ) : screen.name === 'catalogue' ? (
          <CatalogueScreen />
        ) : screen.name === 'newsletters' ? (
          <NewslettersScreen />
        ) : screen.name === 'audit' ? (
          <AuditScreen />
        ) : screen.name === 'account' ? (
          <AccountScreen key={screen.accountId} accountId={screen.accountId} />
        ) : view !== null ? (
          <QueueScreen key={view} session={session} view={view} />
        ) : (
          <p className="loading">Loading the queues…</p>
        )}
      </main>
      <StatusBar />
      {overlay === 'palette' && <CommandPalette />}
      {overlay === 'help' && <ShortcutHelp />}
      <Toasts />
    </div>
  );
}
