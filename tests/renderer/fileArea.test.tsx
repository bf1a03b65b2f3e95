// @vitest-environment happy-dom
/** The file area's tree rows (what expand and collapse show, in keyboard order) and a download's progress bar and offline mark. */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FileTree } from '../../src/shared/console/fileSchemas';
import { DownloadButton } from '../../src/renderer/files/DownloadButton';
import { useDownloads } from '../../src/renderer/files/fileTransfers';
import { folderOf, treeRows } from '../../src/renderer/files/treeRows';

afterEach(cleanup);

const file = (id: number, folderId: number, name: string) => ({ id, folderId, name, note: '', size: 2048, sha256: 'a'.repeat(64), published: true, createdAt: 0, cached: false, progress: null });
const tree: FileTree = {
  folders: [
    { id: 1, parentId: null, name: 'LiteCommerce', access: 'product', product: 'LiteCommerce' },
    { id: 2, parentId: 1, name: 'Add-ons (commercial)', access: 'addon', product: 'LiteCommerce' },
    { id: 3, parentId: 2, name: 'Egoods', access: 'addon', product: 'Egoods' },
    { id: 4, parentId: null, name: 'Sales-n-Stats', access: 'free', product: null },
    // Its parent is not in the cache: drawn at the top rather than lost.
    { id: 5, parentId: 99, name: 'Orphan', access: 'free', product: null },
  ],
  files: [file(10, 1, 'lc-2.2.zip'), file(11, 3, 'egoods-1.0.zip'), file(12, 4, 'sns.zip')],
};
const keys = (expanded: number[]) => treeRows(tree, new Set(expanded)).map((r) => `${r.key}@${r.depth}`);

describe('treeRows', () => {
  it('shows top-level folders only while all are collapsed', () => {
    expect(keys([])).toEqual(['d1@1', 'd4@1', 'd5@1']);
  });

  it('puts an expanded folder\'s subfolders, then its files, under it, one level deeper', () => {
    expect(keys([1])).toEqual(['d1@1', 'd2@2', 'f10@2', 'd4@1', 'd5@1']);
    expect(keys([1, 2, 3])).toEqual(['d1@1', 'd2@2', 'd3@3', 'f11@4', 'f10@2', 'd4@1', 'd5@1']);
  });

  it('hides everything under a collapsed folder, even what stays expanded inside it', () => {
    expect(keys([2, 3, 4])).toEqual(['d1@1', 'd4@1', 'f12@2', 'd5@1']);
  });

  it('counts a folder\'s items and names the folder an upload goes to', () => {
    const rows = treeRows(tree, new Set([1]));
    expect(rows[0]).toMatchObject({ kind: 'folder', expanded: true, size: 2 });
    expect(folderOf(rows[2])).toBe(1);
    expect(folderOf(rows[1])).toBe(2);
    expect(folderOf(undefined)).toBeNull();
  });
});

describe('DownloadButton', () => {
  beforeAll(() => {
    // The renderer's client over a bridge that sends no events.
    (window as unknown as { switchboard: unknown }).switchboard = { on: () => () => undefined };
  });

  it('shows a labelled progress bar while downloading, then "available offline"', () => {
    useDownloads.setState({ byFile: { 'file:10': { kind: 'file', id: 10, sha256: 'a'.repeat(64), received: 512, total: 2048, state: 'downloading', error: null } } });
    const { rerender } = render(<DownloadButton fileRef={{ kind: 'file', id: 10 }} name="lc-2.2.zip" size={2048} cached={false} />);
    const bar = screen.getByRole('progressbar', { name: 'Downloading lc-2.2.zip' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([512, 2048]);
    expect(screen.getByRole('button', { name: 'Download lc-2.2.zip (2.0 KB)' })).toHaveProperty('disabled', true);
    expect(screen.queryByText('available offline')).toBeNull();

    useDownloads.setState({ byFile: { 'file:10': { kind: 'file', id: 10, sha256: 'a'.repeat(64), received: 2048, total: 2048, state: 'done', error: null } } });
    rerender(<DownloadButton fileRef={{ kind: 'file', id: 10 }} name="lc-2.2.zip" size={2048} cached={false} />);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('available offline')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open lc-2.2.zip (2.0 KB)' })).toHaveProperty('disabled', false);
  });

  it('says why a download stopped, and shows a customer\'s file name as text', () => {
    const name = '<img src=x onerror=alert(1)>.zip';
    useDownloads.setState({ byFile: { 'attachment:7': { kind: 'attachment', id: 7, sha256: 'b'.repeat(64), received: 10, total: 100, state: 'failed', error: 'the download stopped at 10 of 100 bytes' } } });
    const { container } = render(<DownloadButton fileRef={{ kind: 'attachment', id: 7 }} name={name} size={100} cached={false} />);
    expect(screen.getByRole('alert').textContent).toBe('the download stopped at 10 of 100 bytes');
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('button', { name: `Download ${name} (100 B)` }).textContent).toBe(name);
  });
});
