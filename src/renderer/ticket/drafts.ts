/**
 * Reply and note drafts, kept in localStorage per server, user, ticket and kind, so a
 * half-written answer survives a restart or a crash. A draft remembers the newest message
 * its writer had seen, which is how a send can tell that someone else wrote meanwhile.
 */
import { z } from 'zod';
import type { SessionInfo } from '../../shared/console/schemas';

export type DraftKind = 'reply' | 'note';

const Draft = z.object({ text: z.string(), seenUpTo: z.number().int() });
export type Draft = z.infer<typeof Draft>;

const keyOf = (session: SessionInfo, ticketId: number, kind: DraftKind) => `switchboard.draft.${session.serverUrl}.${session.user.id}.${ticketId}.${kind}`;

export function loadDraft(session: SessionInfo, ticketId: number, kind: DraftKind): Draft | null {
  try {
    const parsed = Draft.safeParse(JSON.parse(localStorage.getItem(keyOf(session, ticketId, kind)) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveDraft(session: SessionInfo, ticketId: number, kind: DraftKind, draft: Draft): void {
  try {
    if (draft.text.trim() === '') localStorage.removeItem(keyOf(session, ticketId, kind));
    else localStorage.setItem(keyOf(session, ticketId, kind), JSON.stringify(draft));
  } catch {
    // Storage full or denied: the draft lives in the window only.
  }
}

export function clearDraft(session: SessionInfo, ticketId: number, kind: DraftKind): void {
  try {
    localStorage.removeItem(keyOf(session, ticketId, kind));
  } catch {
    // Nothing to clear.
  }
}
