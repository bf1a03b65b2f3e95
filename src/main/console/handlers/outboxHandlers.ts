/** Refused local actions: list them with their reasons, retry one, or dismiss it; undo actions still held. */
import type { Handlers } from '../../../shared/console/consoleApi';
import { mutationArgs } from '../../../shared/sync/protocol';
import { dismissRejected, rejectedMutations } from '../../cache/outbox';
import { ConsoleError, notFound } from '../consoleErrors';
import { ticketIdOf } from '../consoleSession';
import type { HandlerContext } from './handlerContext';
import { performOn } from './performAction';

export function outboxHandlers(ctx: HandlerContext): Pick<Handlers, 'outbox.failures' | 'outbox.retry' | 'outbox.dismiss' | 'outbox.undo'> {
  const refused = (mutationId: number) => {
    const s = ctx.sessions.require();
    const m = rejectedMutations(s.cache.reader).find((r) => r.id === mutationId);
    if (!m) throw notFound(`refused action ${mutationId}`);
    return { s, m };
  };
  const dismiss = (mutationId: number) => {
    const { s, m } = refused(mutationId);
    dismissRejected(s.cache.writer, mutationId);
    const ticketId = ticketIdOf(m.args);
    ctx.emit('entitiesChanged', { entities: ['outbox'], ticketIds: ticketId === null ? [] : [ticketId] });
    s.sendStatus();
  };
  return {
    'outbox.failures': async () =>
      rejectedMutations(ctx.sessions.require().cache.reader).map((m) => ({
        mutationId: m.id,
        name: m.name,
        ticketId: ticketIdOf(m.args),
        args: m.args,
        error: m.error ?? { code: 'rejected', message: 'refused' },
        createdAt: m.createdAt,
      })),
    'outbox.retry': async ({ mutationId }) => {
      const { s, m } = refused(mutationId);
      // A fresh clientRef: the refused message never reached the server, the new one is a new message.
      const { clientRef: _old, ...args } = m.args as Record<string, unknown>;
      const parsed = mutationArgs[m.name].safeParse(args);
      if (!parsed.success) throw new ConsoleError({ code: 'cannot_retry', message: `the refused ${m.name} no longer fits its schema` });
      const receipt = performOn(s, m.name, parsed.data);
      dismiss(mutationId);
      return receipt;
    },
    'outbox.dismiss': async ({ mutationId }) => {
      dismiss(mutationId);
      return { ok: true as const };
    },
    'outbox.undo': async ({ keys }) => {
      const s = ctx.sessions.require();
      const { undone, ticketIds } = s.engine.undo(keys);
      if (!undone) throw new ConsoleError({ code: 'undo_too_late', message: 'too late to undo: the change was already sent to the server' });
      ctx.emit('entitiesChanged', { entities: ['outbox'], ticketIds });
      s.sendStatus();
      return { undone };
    },
  };
}
