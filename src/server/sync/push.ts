/**
 * Applying pushed mutations (SYNC.md): ids are per client and go up by one. An id already
 * seen answers with its stored result and is not applied again; a gap is refused. A push runs
 * in one transaction, each mutation in a savepoint of its own: a refused one is rolled back
 * alone and its refusal recorded beside the others' results, and the client's new last id
 * commits with them, so a crash can never apply a mutation without recording it, or record
 * it without applying it. One transaction rather than one per mutation: a drain of a
 * thousand offline replies pays for one lock of the client, one change-log append and one
 * NOTIFY instead of a thousand.
 */
import { mutationArgs, mutationNames, type MutationArgs, type MutationError, type MutationName, type PushRequest, type PushResponse } from '../../shared/sync/protocol';
import type { SessionUser } from '../auth/sessions';
import { queryBuilder, sql } from '../db/queryBuilder';
import { againAfterDeadlock, isTransientFault } from '../db/pgErrors';
import { publicUrlOf } from '../config/serverConfig';
import { ApiError, nulError, nulField, validationError } from '../http/errors';
import type { ServerContext } from '../serverContext';
import { billingCommands } from '../billing/billingCommands';
import { staffCommands, type CommandContext } from '../tickets/ticketCommands';
import { staffCommands as teamCommands } from '../staff/staffCommands';
import { departmentCommands } from '../staff/departmentCommands';
import { writeBatch, type ChangeBatch } from './changeBatch';
import { heldMailCommands } from '../email/inbound/heldMail';
import { catalogueCommands } from '../catalogue/catalogueCommands';
import { newsletterCommands } from '../newsletters/newsletterCommands';
import { forumCommands } from '../forum/forumCommands';
import { affiliateCommands } from '../affiliates/affiliateCommands';

type Handler<N extends MutationName> = (ctx: CommandContext, args: MutationArgs<N>) => Promise<unknown>;

/**
 * The server side of every mutation name, each taking that mutation's parsed arguments; a
 * name without a handler, or a handler of other arguments, fails to compile.
 */
export const mutationHandlers: { [N in MutationName]: Handler<N> } = {
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
  'staff.invite': teamCommands.invite,
  'staff.resendInvitation': teamCommands.resendInvitation,
  'staff.cancelInvitation': teamCommands.cancelInvitation,
  'staff.update': teamCommands.update,
  'staff.deactivate': teamCommands.deactivate,
  'staff.reactivate': teamCommands.reactivate,
  'staff.resetTwoFactor': teamCommands.resetTwoFactor,
  'department.create': departmentCommands.create,
  'department.rename': departmentCommands.rename,
  'department.archive': departmentCommands.archive,
  'catalogue.create': catalogueCommands.create,
  'catalogue.update': catalogueCommands.update,
  'catalogue.setActive': catalogueCommands.setActive,
  'newsletter.send': newsletterCommands.send,
  'newsletter.testSend': newsletterCommands.testSend,
  'newsletter.setThrottle': newsletterCommands.setThrottle,
  'forumCategory.create': forumCommands.createCategory,
  'forumCategory.update': forumCommands.updateCategory,
  'forumCategory.setArchived': forumCommands.setCategoryArchived,
  'forum.setSettings': forumCommands.setSettings,
  'forum.startThread': forumCommands.startThread,
  'forum.reply': forumCommands.reply,
  'forum.setPostHidden': forumCommands.setPostHidden,
  'forum.setLocked': forumCommands.setLocked,
  'forum.setPinned': forumCommands.setPinned,
  'forum.move': forumCommands.move,
  'payout.pay': affiliateCommands.pay,
  'payout.convert': affiliateCommands.convert,
  'payout.reject': affiliateCommands.reject,
  'heldMail.accept': heldMailCommands.accept,
  'heldMail.startTicket': heldMailCommands.startTicket,
  'heldMail.discard': heldMailCommands.discard,
};

type Result = PushResponse['results'][number];

/** The client's last applied id, its row locked until commit so pushes of one client queue up. */
async function lastMutationId(tx: ChangeBatch, clientId: string, user: SessionUser, now: number): Promise<number> {
  const qb = queryBuilder(tx.tx);
  await qb.insertInto('syncClients').values({ clientId, userId: user.id, createdAt: now }).onConflict((oc) => oc.column('clientId').doNothing()).execute();
  const c = await qb.selectFrom('syncClients').select(['userId', 'lastMutationId']).where('clientId', '=', clientId).forUpdate().executeTakeFirstOrThrow();
  if (c.userId !== user.id) throw new ApiError(403, 'client_of_another_user', 'this clientId belongs to another user; make a new one', 'body.clientId');
  return c.lastMutationId;
}

/** The stored results of ids this client already pushed. */
async function priorResults(tx: ChangeBatch, clientId: string, ids: number[]): Promise<Map<number, Result>> {
  if (!ids.length) return new Map();
  const rows = await queryBuilder(tx.tx)
    .selectFrom('syncMutationResults')
    .select(['mutationId', 'status', 'error'])
    .where('clientId', '=', clientId)
    .where('mutationId', '=', (eb) => eb.fn.any(eb.val(ids)))
    .execute();
  // Stored from a Result by `record`: its status and error as they were.
  return new Map(rows.map((r) => [r.mutationId, { id: r.mutationId, status: r.status as Result['status'], error: r.error as Result['error'] }]));
}

/** Records the batch's new results and the client's new last id, in the batch's transaction. */
async function record(tx: ChangeBatch, clientId: string, results: Result[]): Promise<void> {
  if (!results.length) return;
  const qb = queryBuilder(tx.tx);
  await qb.updateTable('syncClients').set({ lastMutationId: results.at(-1)!.id }).where('clientId', '=', clientId).execute();
  // One statement for the whole batch's results (at most 500 a push: 2,000 parameters).
  await qb
    .insertInto('syncMutationResults')
    .values(results.map((r) => ({ clientId, mutationId: r.id, status: r.status, error: r.error === null ? null : JSON.stringify(r.error) })))
    .execute();
}

/** A refusal the client is told about; a transient fault (pgErrors.ts) fails the whole push, which is sent again. */
function asMutationError(err: unknown): MutationError {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  if (isTransientFault(err)) throw err;
  // Anything else is a fault of the server with this one mutation (its savepoint rolled it
  // back): rejecting it lets the rest of the client's queue go on, where a 500 would stop the
  // whole queue behind it for good. Logged for whoever fixes it; the client hears no details.
  console.error('a pushed mutation failed unexpectedly and was rejected:', err);
  return { code: 'internal_error', message: 'the server could not apply this change because of an error of its own; nothing of it was kept' };
}

/** Checks the pushed name and arguments and runs the mutation's handler on them. */
function apply(ctx: CommandContext, name: string, args: unknown): Promise<unknown> {
  const nul = nulField(name, 'name') ?? nulField(args, 'args');
  if (nul) throw nulError(nul);
  if (!(mutationNames as string[]).includes(name)) throw new ApiError(400, 'unknown_mutation', `unknown mutation "${name}"`, 'name');
  return applyNamed(ctx, name as MutationName, args);
}

function applyNamed<N extends MutationName>(ctx: CommandContext, name: N, args: unknown): Promise<unknown> {
  const parsed = mutationArgs[name].safeParse(args);
  if (!parsed.success) throw validationError('args', parsed.error);
  // Parsed by the schema of this very name, so the arguments are that mutation's.
  return mutationHandlers[name](ctx, parsed.data as MutationArgs<N>);
}

export async function push(ctx: ServerContext, user: SessionUser, req: PushRequest): Promise<PushResponse> {
  if (req.mutations.length === 0) return { results: [], lastMutationId: await knownLastId(ctx, req.clientId, user) };
  const settings = await ctx.settings.lifecycle();
  const outcome = await againAfterDeadlock(() => writeBatch(ctx.db, async (batch) => {
    let last = await lastMutationId(batch, req.clientId, user, ctx.clock.now());
    const seen = await priorResults(batch, req.clientId, req.mutations.filter((m) => m.id <= last).map((m) => m.id));
    const results: Result[] = [];
    const fresh: Result[] = [];
    let gap: number | null = null;
    for (const m of req.mutations) {
      if (m.id <= last) {
        results.push(seen.get(m.id) ?? { id: m.id, status: 'applied', error: null });
        continue;
      }
      if (m.id > last + 1) {
        gap = m.id;
        break;
      }
      const error = await batch
        .step(ctx.clock.now(), (w) => apply({ w, actor: user, settings, publicUrl: publicUrlOf(ctx.config) }, m.name, m.args))
        .then(() => null, asMutationError);
      const result: Result = { id: m.id, status: error ? 'rejected' : 'applied', error };
      results.push(result);
      fresh.push(result);
      // A duplicate of this id later in the same push answers with this result.
      seen.set(m.id, result);
      last = m.id;
    }
    await record(batch, req.clientId, fresh);
    return { results, last, gap };
  }));
  if (outcome.gap !== null) {
    // What came before the gap is committed; the client resends from the id named here.
    const { last } = outcome;
    throw new ApiError(409, 'mutation_gap', `mutation ${outcome.gap} skips ids: the server has applied up to ${last}; send ${last + 1} next`, 'body.mutations', { lastMutationId: last });
  }
  return { results: outcome.results, lastMutationId: outcome.last };
}

/**
 * A push holds its tickets' row locks until it commits, so two pushes touching the same
 * tickets in opposite orders can deadlock; PostgreSQL then aborts one of them. Nothing of it
 * was kept (the whole push rolls back), so it is simply run again.
 */
async function knownLastId(ctx: ServerContext, clientId: string, user: SessionUser): Promise<number> {
  const c = await queryBuilder(ctx.db).selectFrom('syncClients').select(['lastMutationId', 'userId']).where('clientId', '=', clientId).executeTakeFirst();
  if (c && c.userId !== user.id) throw new ApiError(403, 'client_of_another_user', 'this clientId belongs to another user; make a new one', 'body.clientId');
  return c?.lastMutationId ?? 0;
}
