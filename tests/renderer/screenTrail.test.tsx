// @vitest-environment happy-dom
/**
 * Where Back goes (issue 21): a ticket or account page returns to the screen it was opened
 * from, through a ticket and an account in turn, and the sidebar keeps highlighting the entry
 * the trail started from; the dashboard's axis steps are round.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axisTicks, BarChart } from '../../src/renderer/dashboard/BarChart';
import { backLabel } from '../../src/renderer/shell/BackButton';
import { rootScreen, useUi } from '../../src/renderer/shell/uiStore';

const ui = () => useUi.getState();

describe('the screen trail', () => {
  beforeEach(() => ui().reset());

  it('billing → account → ticket goes back to the account, then billing; the sidebar keeps Billing', () => {
    ui().show({ name: 'billing' });
    ui().show({ name: 'account', accountId: 3 });
    expect(rootScreen(ui())).toEqual({ name: 'billing' });
    ui().openTicket(40);
    expect(ui().trail).toEqual([{ name: 'billing' }, { name: 'account', accountId: 3 }]);
    expect(rootScreen(ui()).name).toBe('billing');
    ui().back();
    expect(ui().screen).toEqual({ name: 'account', accountId: 3 });
    ui().back();
    expect(ui().screen).toEqual({ name: 'billing' });
    expect(ui().trail).toEqual([]);
  });

  it('j/k from ticket to ticket replaces it: one Back returns to the queue', () => {
    ui().openTicket(1);
    ui().openTicket(2);
    ui().openTicket(3);
    ui().back();
    expect(ui().screen).toEqual({ name: 'queue' });
  });

  it('returning to a screen already on the trail does not loop', () => {
    ui().openTicket(1);
    ui().show({ name: 'account', accountId: 9 });
    ui().openTicket(1);
    expect(ui().trail).toEqual([{ name: 'queue' }]);
    ui().back();
    expect(ui().screen).toEqual({ name: 'queue' });
  });

  it('a top-level screen starts a new trail', () => {
    ui().openTicket(1);
    ui().show({ name: 'search' });
    expect(ui().trail).toEqual([]);
    ui().openTicket(2);
    expect(backLabel(ui().trail.at(-1)!, undefined)).toBe('Search');
    expect(backLabel({ name: 'queue' }, 'Dispatch inbox')).toBe('Dispatch inbox');
    expect(backLabel({ name: 'ticket', ticketId: 2 }, undefined)).toBe('the ticket');
  });
});

describe('BarChart', () => {
  afterEach(cleanup);

  it('steps its axis in round numbers that cover the tallest bar', () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(17)).toEqual([0, 5, 10, 15, 20]);
    expect(axisTicks(230)).toEqual([0, 100, 200, 300]);
  });

  it('names the legend colours and walks the bars with the arrow keys', () => {
    render(
      <BarChart
          title="Targets"
          unit="Day"
          partLabel="Breached"
          legend={{ value: { label: 'Met the target', colour: 'blue' }, part: { label: 'Breached', colour: 'red' } }}
          bars={[
            { label: '2 Dec', fullLabel: 'Wed 2 Dec', value: 4, part: 1 },
            { label: 'Today', fullLabel: 'Thu 3 Dec (today)', value: 2, part: 0 },
          ]}
      />,
    );
    expect(screen.getByRole('list', { name: 'Legend' }).textContent).toBe(' Met the target (blue) Breached (red)');
    const figure = screen.getByRole('figure');
    fireEvent.keyDown(figure, { key: 'End' });
    expect(figure.querySelector('.chart-tooltip')?.textContent).toBe('Thu 3 Dec (today): 2 · breached 0');
    fireEvent.keyDown(figure, { key: 'ArrowLeft' });
    expect(figure.querySelector('.chart-tooltip')?.textContent).toBe('Wed 2 Dec: 4 · breached 1');
    fireEvent.blur(figure);
    expect(figure.querySelector('.chart-tooltip')).toBeNull();
  });
});
