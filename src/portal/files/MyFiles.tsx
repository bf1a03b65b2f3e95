/**
 * The 'My files' folder: the account's own uploads, the 'Upload files' link to the upload
 * form ('Browse', then 'Upload'), and deleting an own file. Uploads are raw bytes to
 * POST /api/customer/files/my-files?name=, one file after the other, each with its progress.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { api, errorText, upload } from '../api/portalClient';
import { Field, FormError } from '../forms/Field';
import { Notice } from '../shell/Page';
import { fileAreaKey, type FileArea } from './fileAreaData';
import { FileNameLink } from './FileNameLink';
import { formatSize } from './folderTree';

type OwnFile = FileArea['myFiles'][number];

const date = (ms: number) => new Date(ms).toLocaleString();

function OwnFileRow({ file }: { file: OwnFile }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/api/customer/files/my-files/${file.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fileAreaKey }),
  });
  return (
    <li className="file-item">
      <span className="file-row">
        <FileNameLink file={file} />
        <span className="muted file-size">
          {formatSize(file.size)} · uploaded {date(file.createdAt)}
        </span>
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Delete ${file.name}?`}>
            <span>Delete {file.name}?</span>
            <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" aria-label={`Delete ${file.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </span>
      <FormError error={remove.isError ? errorText(remove.error) : null} />
    </li>
  );
}

export function MyFiles({ files, flash, clearFlash }: { files: OwnFile[]; flash: string | null; clearFlash(): void }) {
  return (
    <>
      <h2>My files</h2>
      <p>Files you upload here are for our staff to see, e.g. a copy of your store for an installation.</p>
      <p>
        <Link href="/my-files/upload" onClick={clearFlash}>
          Upload files
        </Link>
      </p>
      {flash ? <Notice>{flash}</Notice> : null}
      {files.length ? (
        <ul className="file-list" aria-label="Files in My files">
          {files.map((f) => (
            <OwnFileRow key={f.id} file={f} />
          ))}
        </ul>
      ) : (
        <Notice>You have not uploaded any files yet.</Notice>
      )}
    </>
  );
}

export function UploadFiles({ onDone }: { onDone(text: string): void }) {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [chosen, setChosen] = useState<File[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen.length) {
      setError('Choose a file with Browse first');
      return;
    }
    setError(undefined);
    setBusy(true);
    const done: string[] = [];
    try {
      for (const [i, file] of chosen.entries()) {
        setProgress(`Uploading ${i + 1} of ${chosen.length}: ${file.name} (${formatSize(file.size)})…`);
        try {
          await upload(`/api/customer/files/my-files?name=${encodeURIComponent(file.name)}`, file);
        } catch (err) {
          setError(`${file.name}: ${errorText(err).replace(/^(body|query\.name|headers?\.[\w-]+): /, '')}`);
          return;
        }
        done.push(file.name);
      }
    } finally {
      setBusy(false);
      setProgress(done.length ? `Uploaded: ${done.join(', ')}` : null);
      if (done.length) await queryClient.invalidateQueries({ queryKey: fileAreaKey });
    }
    onDone(`Uploaded to My files: ${done.join(', ')}.`);
    navigate('/my-files');
  }

  return (
    <>
      <h2>Upload files</h2>
      <p>
        Specify the file location on your computer with the &apos;Browse&apos; button, then click &apos;Upload&apos;. The file will appear in the{' '}
        <Link href="/my-files">My files</Link> folder.
      </p>
      <form className="form" aria-label="Upload files" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Browse" error={error} hint="One or more files from your computer.">
          <input
            type="file"
            multiple
            onChange={(e) => {
              setChosen([...(e.target.files ?? [])]);
              setError(undefined);
            }}
          />
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            Upload
          </button>
        </div>
        {progress ? (
          <p role="status" className="muted">
            {progress}
          </p>
        ) : null}
      </form>
    </>
  );
}
