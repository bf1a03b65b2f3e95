/** Ctrl/Cmd+K: jump to a view or a ticket by number, search, or run an action, by keyboard. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { consoleClient } from '../api/consoleClient';
import { queryKey } from '../api/queryKeys';
import { useMay, useViews } from '../api/reads';
import { runTicketAction } from '../api/useTicketAction';
import { paletteCommands, type PaletteAction, type PaletteCommand } from './paletteCommands';
import { useTheme } from './theme';
import { useUi } from './uiStore';
import { assertNever } from '../../shared/assertNever';

function useRunCommand(): (c: PaletteCommand) => Promise<void> {
  const queryClient = useQueryClient();
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
    const ticketId = ui.screen.name === 'ticket' ? ui.screen.ticketId : null;
    switch (action) {
      case 'reply':
      case 'note':
      case 'classify':
      case 'merge':
        ui.requestFocus(action);
        return;
      case 'claim':
      case 'close':
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

export function CommandPalette() {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const views = useViews().data ?? [];
  const may = useMay();
  const inTicket = useUi((s) => s.screen.name === 'ticket');
  const close = () => useUi.getState().setOverlay(null);
  const run = useRunCommand();
  useEffect(() => inputRef.current?.focus(), []);
  const commands = paletteCommands(text, { views, inTicket, may });
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
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, commands.length - 1));
            else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
            else if (e.key === 'Enter') pick(commands[active]);
            else if (e.key === 'Escape') close();
            else return;
            e.preventDefault();
          }}
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
