/** The queue's column widths (issue 21): the urgent columns keep their width, the subject its room; Type, then Updated, give way. */
import { describe, expect, it } from 'vitest';
import { queueColumns } from '../../src/renderer/queue/QueueRow';
import { queueLayout } from '../../src/renderer/queue/queueLayout';

const track = (l: ReturnType<typeof queueLayout>, column: string) => l.template.match(/(minmax\([^)]*\)|\S+)/g)![l.columns.indexOf(column as never)];

describe('queueLayout', () => {
  it('shows every column on a wide screen, the subject growing with it', () => {
    const wide = queueLayout(queueColumns, 120);
    expect(wide.columns).toEqual([...queueColumns]);
    expect(track(wide, 'Turnaround')).toBe('9.6rem');
    expect(track(wide, 'HotRush')).toBe('4.9rem');
    expect(track(wide, 'Account')).toBe('minmax(3rem, 1fr)');
    const subjectMax = (w: number) => Number(/minmax\(12rem, ([\d.]+)rem\)/.exec(track(queueLayout(queueColumns, w), 'Subject')!)![1]);
    expect(subjectMax(120)).toBeGreaterThanOrEqual(34);
    expect(subjectMax(180)).toBeGreaterThan(subjectMax(120));
  });

  it('leaves out Type, then Updated, before the subject loses its room', () => {
    expect(queueLayout(queueColumns, 78).columns).not.toContain('Type');
    expect(queueLayout(queueColumns, 78).columns).not.toContain('Updated');
    expect(queueLayout(queueColumns, 84).columns).toContain('Updated');
    expect(queueLayout(queueColumns, 84).columns).not.toContain('Type');
    // Never the urgent ones, however narrow.
    for (const c of ['HotRush', 'Number', 'Subject', 'Turnaround'] as const) expect(queueLayout(queueColumns, 40).columns).toContain(c);
  });

  it('keeps what the view chose to leave out, out', () => {
    const mine = queueColumns.filter((c) => c !== 'Assignee');
    expect(queueLayout(mine, 120).columns).not.toContain('Assignee');
  });
});
