/**
 * Applying pushed mutations (SYNC.md): ids are per client and go up by one. An id already
 * seen answers with its stored result and is not applied again; a gap is refused. Each
 * mutation runs in its own transaction together with the client's new last id, so a crash
 * can never apply a mutation without recording it, or record it without applying it.
 */
import { mutationArgs, mutationNames, type MutationError, type MutationName, type PushRequest, type PushResponse } from '../../shared/sync/protocol';
import type { SessionUser } from '../auth/sessions';
import { publicUrlOf } from '../config/serverConfig';
import { lifecycleSettings } from '../config/settings';
import { ApiError, nulError, nulField, validationError } from '../http/errors';
import type { ServerContext } from '../serverContext';
import { billingCommands } from '../billing/billingCommands';
import { staffCommands, type CommandContext } from '../tickets/ticketCommands';
import { write, type ChangeWriter } from './changeLog';

type Handler = (ctx: CommandContext, args: never) => Promise<unknown>;

/** The server side of every mutation name; a name without a handler fails to compile. */
export const mutationHandlers: Record<MutationName, Handler> = {
  'ticket.classify': staffCommands.classify,
  'ticket.forward': staffCommands.forward,
  'ticket.claim': staffCommands.claim,
  'ticket.assign': staffCommands.assign,
  'ticket.reply': staffCommands.reply,
  'ticket.note': staffCommands.note,
  'ticket.setPriority': staffCommands.setPriority,
  'ticket.setHotRush': staffCommands.setHotRush,
  'ticket.close': staffCommands.close,
  'ticket.reopen': staffCommands.reopen,
  'ticket.merge': staffCommands.merge,
  'ticket.split': staffCommands.split,
  'order.verify': billingCommands.verifyOrder,
  'order.reject': billingCommands.rejectOrder,
  'invoice.issue': billingCommands.issueInvoice,
  'invoice.cancel': billingCommands.cancelInvoice,
  'transfer.approve': billingCommands.approveTransfer,
  'transfer.reject': billingCommands.rejectTransfer,
  'urlChange.approve': billingCommands.approveUrlChange,
  'urlChange.reject': billingCommands.rejectUrlChange,
  'ledger.adjust': billingCommands.adjustPoints,
};

async function lastMutationId(w: ChangeWriter, clientId: string, user: SessionUser): Promise<number> {
  await w.query('INSERT INTO sync_clients (client_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO NOTHING', [clientId, user.id, w.now]);
  const [c] = await w.query<{ userId: number; last: number }>('SELECT user_id AS "userId", last_mutation_id AS last FROM sync_clients WHERE client_id = $1 FOR UPDATE', [clientId]);
  if (c!.userId !== user.id) throw new ApiError(403, 'client_of_another_user', 'this clientId belongs to another user; make a new one', 'body.clientId');
  return c!.last;
}

async function record(w: ChangeWriter, clientId: string, id: number, error: MutationError | null): Promise<void> {
  await w.query('UPDATE sync_clients SET last_mutation_id = $2 WHERE client_id = $1', [clientId, id]);
  await w.query('INSERT INTO sync_mutation_results (client_id, mutation_id, status, error) VALUES ($1, $2, $3, $4)', [clientId, id, error ? 'rejected' : 'applied', error]);
}

function asMutationError(err: unknown): MutationError {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  throw err;
}

function parseArgs(name: string, args: unknown): { name: MutationName; args: unknown } {
  const nul = nulField(name, 'name') ?? nulField(args, 'args');
  if (nul) throw nulError(nul);
  if (!(mutationNames as string[]).includes(name)) throw new ApiError(400, 'unknown_mutation', `unknown mutation "${name}"`, 'name');
  const parsed = mutationArgs[name as MutationName].safeParse(args);
  if (!parsed.success) throw validationError('args', parsed.error);
  return { name: name as MutationName, args: parsed.data };
}

export async function push(ctx: ServerContext, user: SessionUser, req: PushRequest): Promise<PushResponse> {
  const results: PushResponse['results'] = [];
  const settings = await lifecycleSettings(ctx.db);
  let last = 0;
  for (const m of req.mutations) {
    const outcome = await write(ctx.db, ctx.clock.now(), async (w) => {
      last = await lastMutationId(w, req.clientId, user);
      if (m.id <= last) {
        const [prior] = await w.query<{ status: 'applied' | 'rejected'; error: MutationError | null }>(
          'SELECT status, error FROM sync_mutation_results WHERE client_id = $1 AND mutation_id = $2',
          [req.clientId, m.id],
        );
        return { kind: 'seen' as const, status: prior?.status ?? ('applied' as const), error: prior?.error ?? null };
      }
      if (m.id > last + 1) return { kind: 'gap' as const };
      const { name, args } = parseArgs(m.name, m.args);
      await (mutationHandlers[name] as (c: CommandContext, a: unknown) => Promise<unknown>)({ w, actor: user, settings, publicUrl: publicUrlOf(ctx.config) }, args);
      await record(w, req.clientId, m.id, null);
      last = m.id;
      return { kind: 'applied' as const };
    }).catch(async (err: unknown) => {
      // The mutation's effects rolled back; its refusal is recorded in a transaction of its own.
      const error = asMutationError(err);
      await write(ctx.db, ctx.clock.now(), async (w) => {
        const current = await lastMutationId(w, req.clientId, user);
        if (current === m.id - 1) await record(w, req.clientId, m.id, error);
        last = Math.max(current, m.id);
      });
      return { kind: 'rejected' as const, error };
    });
    if (outcome.kind === 'gap') {
      throw new ApiError(409, 'mutation_gap', `mutation ${m.id} skips ids: the server has applied up to ${last}; send ${last + 1} next`, 'body.mutations', { lastMutationId: last });
    }
    if (outcome.kind === 'seen') results.push({ id: m.id, status: outcome.status, error: outcome.error });
    else if (outcome.kind === 'applied') results.push({ id: m.id, status: 'applied', error: null });
    else results.push({ id: m.id, status: 'rejected', error: outcome.error });
  }
  if (req.mutations.length === 0) {
    const [c] = await ctx.db.query<{ last: number; userId: number }>('SELECT last_mutation_id AS last, user_id AS "userId" FROM sync_clients WHERE client_id = $1', [req.clientId]);
    if (c && c.userId !== user.id) throw new ApiError(403, 'client_of_another_user', 'this clientId belongs to another user; make a new one', 'body.clientId');
    last = c?.last ?? 0;
  }
  return { results, lastMutationId: last };
}
