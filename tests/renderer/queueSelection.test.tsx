// @vitest-environment happy-dom
/**
 * Working a queue in bulk: Shift selects a range from the last ticket ticked (click or
 * Shift+X), and list filters take several values at once ("New or Open").
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filterSummary, MultiFilter } from '../../src/renderer/queue/MultiFilter';
import { useUi } from '../../src/renderer/shell/uiStore';

describe('range selection', () => {
  beforeEach(() => {
    useUi.getState().reset();
    useUi.getState().setQueueOrder([11, 12, 13, 14, 15, 16]);
  });

  it('selects every ticket between the last one ticked and this one, in queue order, either direction', () => {
    const ui = useUi.getState();
    ui.toggleSelected(12);
    ui.toggleSelected(15, true);
    expect([...useUi.getState().selection].sort()).toEqual([12, 13, 14, 15]);
    useUi.getState().clearSelection();
    useUi.getState().toggleSelected(16);
    useUi.getState().toggleSelected(14, true);
    expect([...useUi.getState().selection].sort()).toEqual([14, 15, 16]);
  });

  it('without an anchor a Shift toggle is a plain toggle, and a plain toggle unselects', () => {
    useUi.getState().toggleSelected(13, true);
    expect([...useUi.getState().selection]).toEqual([13]);
    useUi.getState().toggleSelected(13);
    expect(useUi.getState().selection.size).toBe(0);
  });
});

describe('multi-value filters', () => {
  afterEach(cleanup);
  const options = [
    { value: 'new', label: 'New' },
    { value: 'open', label: 'Open' },
    { value: 'closed', label: 'Closed' },
  ] as const;

  it('summarises the choice in words', () => {
    expect(filterSummary('Any status', options, undefined)).toBe('Any status');
    expect(filterSummary('Any status', options, ['open', 'new'])).toBe('New or Open');
    expect(filterSummary('Any status', options, ['open', 'new', 'closed'])).toBe('3 chosen');
  });

  it('adds and removes values with labelled checkboxes, and "any" clears them', () => {
    let chosen: string[] | undefined;
    const view = (value: string[] | undefined) => (
      <MultiFilter label="Status" anyLabel="Any status" options={options} chosen={value} onChange={(next) => (chosen = next)} />
    );
    const { rerender } = render(view(undefined));
    fireEvent.click(screen.getByRole('button', { name: 'Status: Any status' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Open' }));
    expect(chosen).toEqual(['open']);
    rerender(view(['open']));
    fireEvent.click(screen.getByRole('checkbox', { name: 'New' }));
    expect(chosen).toEqual(['open', 'new']);
    rerender(view(['open', 'new']));
    expect(screen.getByRole('button', { name: 'Status: New or Open' })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Open' }));
    expect(chosen).toEqual(['new']);
    rerender(view(['new']));
    fireEvent.click(screen.getByRole('button', { name: 'Clear: any status' }));
    expect(chosen).toBeUndefined();
  });

  it('opens its choices over the page; Escape closes them and the keyboard returns to the filter', async () => {
    render(<MultiFilter label="Status" anyLabel="Any status" options={options} chosen={undefined} onChange={() => undefined} />);
    const button = screen.getByRole('button', { name: 'Status: Any status' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('checkbox')).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const group = screen.getByRole('group', { name: 'Status' });
    // Each choice is one checkbox inside its own label, one a line.
    expect([...group.querySelectorAll('li label')].map((l) => l.textContent)).toEqual(['New', 'Open', 'Closed']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'New' })));
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });
});
