/** Ctrl/Cmd+K: jump to a view or a ticket by number, search, or run an action, by keyboard. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useMay, useMe, useViews } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { paletteCommands, type PaletteAction, type PaletteCommand, type PaletteTarget } from './paletteCommands';
import { runShortcut } from './useShortcuts';
import { useTheme } from './theme';
import { useUi } from './uiStore';
import { assertNever } from '../../shared/assertNever';
import { onResultKey } from './resultKeys';

function useRunCommand(): (c: PaletteCommand) => Promise<void> {
  const queryClient = useQueryClient();
  const role = useMe().role;
  return async (c) => {
    const ui = useUi.getState();
    ui.setOverlay(null);
    switch (c.kind) {
      case 'ticketNumber': {
        const t = await consoleClient().ticket.byNumber({ number: c.number });
        if (t) ui.openTicket(t.id);
        else ui.notify({ kind: 'info', title: `No ticket #${c.number}`, body: 'It is not in this console’s data (or not one you may see).' });
        return;
      }
      case 'view':
        ui.chooseView(c.viewId);
        return;
      case 'screen':
        ui.show({ name: c.screen });
        return;
      case 'search':
        ui.setSearchText(c.text);
        ui.show({ name: 'search' });
        return;
      case 'action':
        return runAction(c.action);
      default:
        assertNever(c, 'palette command');
    }
  };

  async function runAction(action: PaletteAction): Promise<void> {
    const ui = useUi.getState();
    const ticketId = ui.screen.name === 'ticket' ? ui.screen.ticketId : ui.screen.name === 'queue' ? (ui.queueOrder[ui.cursor] ?? null) : null;
    switch (action) {
      case 'reply':
      case 'note':
      case 'classify':
      case 'merge':
      case 'close':
      case 'forward':
      case 'priority':
      case 'hotRush':
      case 'cost':
      case 'split':
      case 'faq':
      case 'assign':
      case 'undo':
        // As its key does, on the same ticket or selection.
        runShortcut(action, role);
        return;
      case 'claim':
      case 'reopen':
        if (ticketId !== null) await runTicketAction(`ticket.${action}`, { ticketId });
        return;
      case 'syncNow':
        await consoleClient().sync.now();
        return;
      case 'theme':
        useTheme.getState().cycle();
        return;
      case 'shortcuts':
        ui.setOverlay('help');
        return;
      case 'signOut':
        await consoleClient().auth.signOut();
        queryClient.setQueryData(queryKey('auth.session'), null);
        return;
      default:
        assertNever(action, 'palette action');
    }
  }
}

const ticketTarget: PaletteTarget = { kind: 'ticket' };
const cursorTarget: PaletteTarget = { kind: 'cursor' };

export function CommandPalette() {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const views = useViews().data ?? [];
  const may = useMay();
  const inTicket = useUi((s) => s.screen.name === 'ticket');
  // Primitives from the store (a new object each read would re-render without end).
  const inQueue = useUi((s) => s.screen.name === 'queue');
  const selected = useUi((s) => s.selection.size);
  const onCursor = useUi((s) => s.queueOrder[s.cursor] !== undefined);
  const target: PaletteTarget | null = inTicket ? ticketTarget : !inQueue ? null : selected ? { kind: 'selection', count: selected } : onCursor ? cursorTarget : null;
  const close = () => useUi.getState().setOverlay(null);
  const run = useRunCommand();
  useEffect(() => inputRef.current?.focus(), []);
  const commands = paletteCommands(text, { views, inTicket, target, may });
  const pick = (c: PaletteCommand | undefined) => c && void run(c);

  return (
    <div className="dialog-backdrop" onClick={close}>
      <div className="dialog palette" role="dialog" aria-modal="true" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          ref={inputRef}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={commands[active] ? `palette-${active}` : undefined}
          aria-label="Command"
          placeholder="Type a command, a view, or #ticket number…"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => onResultKey(e, { count: commands.length, setActive, choose: () => pick(commands[active]), escape: close })}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {commands.map((c, i) => (
            <li key={`${c.kind}-${c.label}`} id={`palette-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined} onClick={() => pick(c)}>
              {c.label}
            </li>
          ))}
          {commands.length === 0 && <li className="empty">Nothing matches.</li>}
        </ul>
      </div>
    </div>
  );
}
