/**
 * Files attached to the message being written. They are staged in main's upload queue with
 * the draft's clientRef, so they survive a restart; the reply or note is sent with the same
 * clientRef, and main uploads each file once the server has that message (its attachment
 * needs the message's server id). A composer that finds draft files of its ticket takes
 * their clientRef, so files staged before a restart still go with the next message.
 */
import { useEffect, useRef, useState } from 'react';
import { useUploads } from './fileReads';
import { stageFiles } from './fileTransfers';
import { UploadList } from './UploadList';

function newClientRef(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `attach-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The clientRef of the message being written, and `renew` for after it was sent. */
export function useDraftClientRef(ticketId: number): { clientRef: string; renew(): void } {
  const uploads = useUploads(ticketId);
  const [clientRef, setClientRef] = useState(newClientRef);
  const adopted = useRef(false);
  useEffect(() => {
    if (adopted.current || !uploads.data) return;
    adopted.current = true;
    const draft = uploads.data.find((u) => u.state === 'draft' && u.target.kind === 'ticket' && u.target.clientRef);
    if (draft?.target.kind === 'ticket' && draft.target.clientRef) setClientRef(draft.target.clientRef);
  }, [uploads.data]);
  return { clientRef, renew: () => setClientRef(newClientRef()) };
}

export function ComposerAttachments({ ticketId, clientRef }: { ticketId: number; clientRef: string }) {
  const uploads = useUploads(ticketId);
  const input = useRef<HTMLInputElement>(null);
  // This draft's files, and those of sent messages still on their way (or refused).
  const shown = (uploads.data ?? []).filter((u) => u.target.kind === 'ticket' && (u.target.clientRef === clientRef || (u.state !== 'draft' && u.state !== 'sent')));
  return (
    <div className="composer-attachments">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Files to attach"
        onChange={(e) => {
          const picked = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          void stageFiles(picked, { kind: 'ticket', ticketId, clientRef });
        }}
      />
      <button type="button" onClick={() => input.current?.click()}>
        Attach files…
      </button>
      <UploadList items={shown} label="Attached files" />
    </div>
  );
}
