/**
 * Reply and note drafts, kept in localStorage per server, user, ticket and kind, so a
 * half-written answer survives a restart or a crash. A draft remembers the newest message
 * its writer had seen, which is how a send can tell that someone else wrote meanwhile.
 */
import { z } from 'zod';
import type { SessionInfo } from '../../shared/console/schemas';
import { loadStored, saveStored } from '../shell/storedJson';

export type DraftKind = 'reply' | 'note';

const Draft = z.object({ text: z.string(), seenUpTo: z.number().int() });
export type Draft = z.infer<typeof Draft>;

const keyOf = (session: SessionInfo, ticketId: number, kind: DraftKind) => `switchboard.draft.${session.serverUrl}.${session.user.id}.${ticketId}.${kind}`;

export function loadDraft(session: SessionInfo, ticketId: number, kind: DraftKind): Draft | null {
  return loadStored(keyOf(session, ticketId, kind), Draft);
}

export function saveDraft(session: SessionInfo, ticketId: number, kind: DraftKind, draft: Draft): void {
  saveStored(keyOf(session, ticketId, kind), draft.text.trim() === '' ? null : draft);
}

export function clearDraft(session: SessionInfo, ticketId: number, kind: DraftKind): void {
  saveStored(keyOf(session, ticketId, kind), null);
}
