/** The queue's column widths (issue 21): the urgent columns keep their width, the subject its room; Type, then Updated, give way. */
import { describe, expect, it } from 'vitest';
import { queueColumns } from '../../src/renderer/queue/QueueRow';
import { clampWidth, queueLayout } from '../../src/renderer/queue/queueLayout';

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

  it('gives a column the width the user set, but never an urgent one less than shows it whole', () => {
    const l = queueLayout(queueColumns, 120, { Account: 20, Subject: 25, Turnaround: 2, Status: 1 });
    expect(track(l, 'Account')).toBe('20rem');
    expect(track(l, 'Subject')).toBe('minmax(12rem, 25rem)');
    expect(track(l, 'Turnaround')).toBe('9.6rem');
    expect(track(l, 'Status')).toBe('5.8rem');
    // Not resizable: the badge keeps its width whatever is stored.
    expect(track(queueLayout(queueColumns, 120, { HotRush: 1 }), 'HotRush')).toBe('4.9rem');
    expect(clampWidth('Subject', 3)).toBe(12);
    expect(clampWidth('Department', 500)).toBe(48);
  });

  it('counts widened columns when choosing what gives way', () => {
    expect(queueLayout(queueColumns, 120).columns).toContain('Type');
    expect(queueLayout(queueColumns, 120, { Account: 40, Department: 20 }).columns).not.toContain('Type');
  });
});
