/** The queue views of DOMAIN.md with their live counts, and the other screens. */
import { useViews } from '../api/reads';
import { useUi } from '../shell/uiStore';

export function QueueSidebar({ current }: { current: string | null }) {
  const views = useViews();
  const screen = useUi((s) => s.screen.name);
  const chooseView = useUi((s) => s.chooseView);
  const show = useUi((s) => s.show);
  return (
    <nav className="sidebar" aria-label="Queues">
      <ul>
        {views.data?.map((v) => (
          <li key={v.id}>
            <button type="button" aria-current={screen === 'queue' && v.id === current ? 'page' : undefined} onClick={() => chooseView(v.id)}>
              <span>{v.label}</span> <span className="count" aria-label={`${v.count} tickets`}>{v.count}</span>
            </button>
          </li>
        ))}
      </ul>
      <ul className="sidebar-screens">
        <li>
          <button type="button" aria-current={screen === 'search' ? 'page' : undefined} onClick={() => show({ name: 'search' })}>
            Search <kbd>/</kbd>
          </button>
        </li>
        <li>
          <button type="button" aria-current={screen === 'dashboard' ? 'page' : undefined} onClick={() => show({ name: 'dashboard' })}>
            Dashboard
          </button>
        </li>
      </ul>
    </nav>
  );
}
