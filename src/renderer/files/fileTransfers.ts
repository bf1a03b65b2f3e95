/**
 * Downloads and uploads from the renderer: downloads' progress (main's `fileProgress` events,
 * kept per file in a small store), "download, then hand over" for a file or attachment, and
 * reading a picked file into base64 for `files.stageUpload`, refused up front when it is over
 * the console's staging limit.
 */
import { create } from 'zustand';
import type { FileProgress, FileRef, UploadTarget } from '../../shared/console/fileSchemas';
import { stageUploadMaxBytes } from '../../shared/console/fileSchemas';
import { consoleClient } from '../api/consoleClient';
import { useUi } from '../shell/uiStore';

export const progressKey = (ref: FileRef) => `${ref.kind}:${ref.id}`;

export const useDownloads = create<{ byFile: Record<string, FileProgress> }>()(() => ({ byFile: {} }));

let listening = false;
/** Starts following main's download progress (once per window). */
export function followDownloads(): void {
  if (listening) return;
  listening = true;
  consoleClient().on('fileProgress', (p) => useDownloads.setState((s) => ({ byFile: { ...s.byFile, [progressKey(p)]: p } })));
}

export function useDownloadProgress(ref: FileRef): FileProgress | null {
  return useDownloads((s) => s.byFile[progressKey(ref)] ?? null);
}

/** Hands a cached file to the user: the desktop shows it in its folder, the browser saves it. */
function hand(downloadUrl: string | null): void {
  if (downloadUrl === null) return;
  const a = document.createElement('a');
  a.href = downloadUrl;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Downloads into the local cache (if not there yet), then opens it; failures become a toast with the reason. */
export async function downloadAndOpen(ref: FileRef, name: string): Promise<void> {
  const api = consoleClient();
  try {
    await api.files.fetch(ref);
    hand((await api.files.open(ref)).downloadUrl);
  } catch (err) {
    useUi.getState().notify({ kind: 'error', title: `Downloading ${name} failed`, body: err instanceof Error ? err.message : String(err) });
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Stages picked files for upload; each refusal (too big, a bad name) is a toast naming the file. */
export async function stageFiles(files: Iterable<File>, target: UploadTarget): Promise<void> {
  for (const file of files) {
    try {
      if (file.size > stageUploadMaxBytes) throw new Error(`it is ${formatSize(file.size)}; the console stages at most ${formatSize(stageUploadMaxBytes)} at once`);
      await consoleClient().files.stageUpload({ name: file.name, dataBase64: await readBase64(file), target });
    } catch (err) {
      useUi.getState().notify({ kind: 'error', title: `${file.name} was not staged`, body: err instanceof Error ? err.message : String(err) });
    }
  }
}
