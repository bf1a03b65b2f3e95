/**
 * The names of the console API's operations and events, without their schemas. The preload
 * script imports only this (a sandboxed preload bundles everything it imports, and it needs
 * names, not validators); `contract.ts` is checked against these lists at compile time.
 */

export const operationNames = [
  'auth.signIn',
  'auth.signOut',
  'auth.session',
  'sync.status',
  'sync.now',
  'queue.views',
  'queue.list',
  'queue.count',
  'ticket.detail',
  'ticket.byNumber',
  'dashboard.stats',
  'search.query',
  'account.page',
  'directory.get',
  'faq.search',
  'ticket.classify',
  'ticket.forward',
  'ticket.claim',
  'ticket.assign',
  'ticket.reply',
  'ticket.note',
  'ticket.setPriority',
  'ticket.setHotRush',
  'ticket.close',
  'ticket.reopen',
  'ticket.merge',
  'ticket.split',
  'billing.queue',
  'billing.account',
  'order.verify',
  'order.reject',
  'invoice.issue',
  'invoice.cancel',
  'transfer.approve',
  'transfer.reject',
  'urlChange.approve',
  'urlChange.reject',
  'ledger.adjust',
  'settings.getLifecycle',
  'settings.saveLifecycle',
  'outbox.failures',
  'outbox.retry',
  'outbox.dismiss',
  'accessInfo.reveal',
  'presence.set',
  'files.tree',
  'files.accountView',
  'files.fetch',
  'files.open',
  'files.stageUpload',
  'files.uploads',
  'files.retryUpload',
  'files.discardUpload',
  'heldMail.list',
  'heldMail.accept',
  'heldMail.startTicket',
  'heldMail.discard',
] as const;
export type OperationName = (typeof operationNames)[number];

/** Events main pushes to the renderer. */
export const eventNames = ['entitiesChanged', 'syncStatus', 'notification', 'deepLink', 'updateStatus', 'fileProgress'] as const;
export type EventName = (typeof eventNames)[number];

export const isOperationName = (name: unknown): name is OperationName => typeof name === 'string' && (operationNames as readonly string[]).includes(name);
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && (eventNames as readonly string[]).includes(name);
