/** Applying pulled changes and rebasing pending effects, on a cache without a server. */
import { describe, expect, it } from 'vitest';
import { defaultLifecycleSettings } from '../../src/shared/domain/model';
import type { Change } from '../../src/shared/sync/protocol';
import { readRow } from '../../src/main/cache/mirrorRows';
import { markApplied } from '../../src/main/cache/outbox';
import { isPending } from '../../src/main/cache/pendingEffects';
import { readSyncState } from '../../src/main/cache/syncState';
import { ticketDetail } from '../../src/main/tickets/ticketDetail';
import { applyChangesPage } from '../../src/main/sync/applyChanges';
import { writeLocalAction } from '../../src/main/sync/localAction';
import { syntheticCache } from './support/syntheticCache';

const now = Date.UTC(2026, 10, 2, 9);
const ctx = { userId: 7, settings: defaultLifecycleSettings };
const engineer = { user: { id: 7, role: 'staff.engineer' as const }, settings: defaultLifecycleSettings, now };

function ticketChange(seq: number, row: Record<string, unknown>): Change {
  return { seq, entity: 'ticket', entityId: row.id as number, op: 'upsert', rowVersion: row.version as number, payload: row };
}

describe('applying changes', () => {
  it('applies deletes always and upserts only when not older than the cached row', () => {
    const { cache } = syntheticCache({ tickets: 5, messagesPerTicket: 1, seed: 3, now });
    const t = readRow(cache.reader, 'ticket', 2)!;
    const page = (changes: Change[]) => ({ changes, cursor: 'e:9', upToDate: true, lastMutationId: 0 });
    applyChangesPage(cache.writer, page([ticketChange(1, { ...t, version: 5, subject: 'five' })]), 1, ctx);
    applyChangesPage(cache.writer, page([ticketChange(2, { ...t, version: 4, subject: 'four, older' })]), 1, ctx);
    expect(readRow(cache.reader, 'ticket', 2)).toMatchObject({ version: 5, subject: 'five' });
    applyChangesPage(cache.writer, page([ticketChange(3, { ...t, version: 5, subject: 'five again' })]), 1, ctx);
    expect(readRow(cache.reader, 'ticket', 2)).toMatchObject({ subject: 'five again' });
    applyChangesPage(cache.writer, page([{ seq: 4, entity: 'ticket', entityId: 2, op: 'delete', rowVersion: 1, payload: null }]), 1, ctx);
    expect(readRow(cache.reader, 'ticket', 2)).toBeNull();
    expect(readSyncState(cache.reader).cursor).toBe('e:9');
    // The FTS triggers followed: the old subject is no longer found.
    expect(cache.reader.db.prepare(`SELECT count(*) AS n FROM ticket_fts WHERE ticket_fts MATCH 'five'`).get()).toEqual({ n: 0 });
    cache.close();
  });

  it('re-applies a pending reply on top of a server change to the same ticket, and drops it once pulled', () => {
    const { cache } = syntheticCache({ tickets: 5, messagesPerTicket: 1, seed: 4, now });
    const w = cache.writer;
    w.statement(`UPDATE tickets SET status = 'open', assignee_id = 7 WHERE id = 3`).run();
    const { mutationId, clientRef } = writeLocalAction(w, engineer, 'ticket.reply', { ticketId: 3, body: 'On my way' });
    expect(readRow(cache.reader, 'ticket', 3)).toMatchObject({ status: 'answered' });
    expect(isPending(cache.reader, 'ticket', 3)).toBe(true);

    // The server changes the ticket's priority meanwhile (it has not seen the reply yet).
    const server = { ...readRow(cache.reader, 'ticket', 3)!, status: 'open', priority: 'major', version: 9 };
    applyChangesPage(w, { changes: [ticketChange(1, server)], cursor: 'e:1', upToDate: true, lastMutationId: 0 }, 1, ctx);
    expect(readRow(cache.reader, 'ticket', 3)).toMatchObject({ status: 'answered', priority: 'major', version: 9 });
    expect(ticketDetail(cache.reader, 3)!.messages.at(-1)).toMatchObject({ body: 'On my way', pending: true });

    // The server applies the reply; its message and ticket arrive in a later pull.
    markApplied(w, mutationId, 1);
    const message = { id: 900, ticketId: 3, authorUserId: 7, kind: 'staff', body: 'On my way', movedFromTicketId: null, clientRef, createdAt: now + 5, version: 1, via: 'web' };
    applyChangesPage(
      w,
      { changes: [ticketChange(2, { ...server, status: 'answered', version: 10 }), { seq: 3, entity: 'message', entityId: 900, op: 'upsert', rowVersion: 1, payload: message }], cursor: 'e:3', upToDate: true, lastMutationId: mutationId },
      2,
      ctx,
    );
    const detail = ticketDetail(cache.reader, 3)!;
    expect(detail.pending).toBe(false);
    expect(detail.messages.filter((m) => m.body === 'On my way')).toMatchObject([{ id: 900, pending: false }]);
    expect(cache.reader.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    cache.close();
  });

  it('refuses a page whose upsert payload does not fit its entity\'s row, naming the entity and field, and writes none of it', () => {
    const { cache } = syntheticCache({ tickets: 3, messagesPerTicket: 1, seed: 5, now });
    const t = readRow(cache.reader, 'ticket', 2)!;
    const before = readSyncState(cache.reader).cursor;
    const page = {
      changes: [ticketChange(1, { ...t, version: 50, subject: 'fine' }), ticketChange(2, { ...readRow(cache.reader, 'ticket', 3)!, version: 50, status: 7 })],
      cursor: 'e:2', upToDate: true, lastMutationId: 0,
    };
    expect(() => applyChangesPage(cache.writer, page, 1, ctx)).toThrow(/change 2 .*ticket\.status/);
    const withoutSubject: Record<string, unknown> = { ...t, version: 51 };
    delete withoutSubject.subject;
    const missing = { changes: [ticketChange(3, withoutSubject)], cursor: 'e:3', upToDate: true, lastMutationId: 0 };
    expect(() => applyChangesPage(cache.writer, missing, 1, ctx)).toThrow(/ticket\.subject/);
    expect(readRow(cache.reader, 'ticket', 2)).toMatchObject({ version: t.version, subject: t.subject });
    expect(readSyncState(cache.reader).cursor).toBe(before);
    cache.close();
  });
});
