/**
 * "← Back" on a ticket or an account page, naming where it goes: the screen it was opened
 * from (the queue view, search, billing, the ticket or account before). Escape does the same.
 */
import { useViews } from '../api/reads';
import { useUi, type Screen } from './uiStore';
import { adminScreens } from './paletteCommands';

const screenNames: Partial<Record<Screen['name'], string>> = {
  search: 'Search',
  dashboard: 'the dashboard',
  billing: 'Billing',
  heldMail: 'Held mail',
  files: 'the file area',
  security: 'Security',
  ticket: 'the ticket',
  account: 'the account',
};

export function backLabel(to: Screen, viewLabel: string | undefined): string {
  if (to.name === 'queue') return viewLabel ?? 'the queue';
  return screenNames[to.name] ?? adminScreens.find((a) => a.name === to.name)?.label ?? 'the queue';
}

export function BackButton() {
  const to = useUi((s) => s.trail.at(-1)) ?? ({ name: 'queue' } as Screen);
  const back = useUi((s) => s.back);
  const view = useUi((s) => s.view);
  const views = useViews();
  const label = backLabel(to, views.data?.find((v) => v.id === view)?.label);
  return (
    <button type="button" className="back" onClick={back} aria-label={`Back to ${label}`} aria-keyshortcuts="Escape" title={`Back to ${label} (Escape)`}>
      <span aria-hidden="true">←</span> {label}
    </button>
  );
}
