// @vitest-environment happy-dom
/**
 * The billing reject dialog by keyboard (issue 21): Ctrl/Cmd+Enter submits the reason typed, as
 * the composer sends; with no reason it does nothing, and the disabled Reject says why.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReasonDialog } from '../../src/renderer/billing/ReasonDialog';

afterEach(cleanup);

describe('the reject dialog', () => {
  it('submits the trimmed reason with Ctrl+Enter or Cmd+Enter, never an empty one', () => {
    const onSubmit = vi.fn();
    render(<ReasonDialog title="Reject order #7" onSubmit={onSubmit} onClose={() => undefined} />);
    const box = screen.getByLabelText('Reason (sent to the customer)');
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /Reject/ }).getAttribute('aria-describedby')).toBe('reason-why');
    expect(screen.getByText('Write the reason first: the customer reads it.')).toBeTruthy();
    fireEvent.change(box, { target: { value: '  The payment was returned.  ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
    expect(onSubmit).toHaveBeenCalledWith('The payment was returned.');
    fireEvent.keyDown(box, { key: 'Enter', metaKey: true });
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });
});
