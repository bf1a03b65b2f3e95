/**
 * The row of each synced entity as it travels (a change's payload, a bootstrap row): its
 * fields in wire order, camelCase, with their JSON types. One schema per entity drives the
 * server's wire columns (src/server/sync/entities.ts), the console's cache columns
 * (src/main/cache/entityTables.ts) and the check of each pulled change before the console
 * writes it (src/main/sync/applyChanges.ts).
 *
 * Values are kept to the JSON types the cache stores (integer, real, text, boolean, JSON):
 * statuses and kinds are plain text here, so a console still caches a row whose status a
 * newer server added; the domain rules check them where they decide.
 */
import { z } from 'zod';
import type { SyncEntity } from './protocol';

const integer = z.number().int();
const optionalInteger = integer.nullable();
const text = z.string();
const optionalText = text.nullable();
const real = z.number();
const id = integer;
const version = integer;
/** A time in ms since the epoch. */
const at = integer;
const optionalAt = optionalInteger;
/** JSON stored as written (order or invoice items, a history entry's details). */
const jsonArray = z.array(z.unknown());
const jsonObject = z.record(z.string(), z.unknown());

export const entityRows = {
  department: z.object({ id, name: text, archivedAt: optionalAt, version }),
  user: z.object({
    id, accountId: optionalInteger, email: text, name: text, role: text, active: z.boolean(), createdAt: at, version,
    departmentIds: z.array(integer),
  }),
  account: z.object({
    id, company: text, contactEmail: text, primaryUserId: optionalInteger, standingAdjustment: real, newsletter: z.array(z.string()),
    createdAt: at, version, pointsBalance: integer,
  }),
  license: z.object({
    id, key: text, product: text, kind: text, edition: text, productVersion: text, url: text, accountId: integer,
    parentLicenseId: optionalInteger, status: text, certificate: text, createdAt: at, updatedAt: at, version,
  }),
  ledger_entry: z.object({
    id, accountId: integer, kind: text, points: integer, reason: text, ticketId: optionalInteger, licenseId: optionalInteger,
    orderId: optionalInteger, createdBy: optionalInteger, createdAt: at, version,
  }),
  faq_article: z.object({ id, title: text, body: text, createdAt: at, updatedAt: at, version }),
  file_folder: z.object({ id, parentId: optionalInteger, name: text, access: text, product: optionalText, version }),
  file: z.object({
    id, folderId: optionalInteger, accountId: optionalInteger, name: text, note: text, size: integer, sha256: text, published: z.boolean(),
    uploadedBy: optionalInteger, createdAt: at, version,
  }),
  ticket: z.object({
    id, number: integer, accountId: integer, authorUserId: optionalInteger, type: text, subject: text, licenseId: optionalInteger,
    productVersion: text, priority: text, hotRush: z.boolean(), status: text, departmentId: optionalInteger, assigneeId: optionalInteger,
    cost: integer, chargedPoints: optionalInteger, score: real, clockStartedAt: optionalAt, dueAt: optionalAt, answeredAt: optionalAt,
    preClosedAt: optionalAt, closedAt: optionalAt, mergedIntoId: optionalInteger, followUpOfId: optionalInteger, splitFromId: optionalInteger,
    createdAt: at, updatedAt: at, version, breachedAt: optionalAt,
    /** Whether the customer posted access info for the ticket (computed; the info itself never travels). */
    hasAccessInfo: z.boolean(),
  }),
  message: z.object({
    id, ticketId: integer, authorUserId: optionalInteger, kind: text, body: text, movedFromTicketId: optionalInteger, clientRef: optionalText,
    createdAt: at, version,
    /** web or email: how the message reached the helpdesk. */
    via: text,
  }),
  attachment: z.object({
    id, ticketId: integer, messageId: optionalInteger, fileName: text, size: integer, sha256: text, uploadedBy: optionalInteger, createdAt: at,
    version,
  }),
  invoice: z.object({
    id, accountId: integer, description: text, amountCents: integer, currency: text, items: jsonArray, status: text, issuedAt: at,
    paidAt: optionalAt, version,
  }),
  order: z.object({
    id, accountId: integer, invoiceId: optionalInteger, items: jsonArray, status: text, rejectReason: optionalText, createdAt: at,
    decidedAt: optionalAt, decidedBy: optionalInteger, version,
  }),
  license_transfer: z.object({
    id, licenseId: integer, fromAccountId: integer, toAccountId: optionalInteger, targetEmail: text, targetCompany: text, targetUrl: text,
    targetLicenseKey: optionalText, points: integer, status: text, signature: optionalText, reason: optionalText, createdAt: at,
    decidedAt: optionalAt, acceptedAt: optionalAt, version, newLicenseId: optionalInteger, decidedBy: optionalInteger,
    targetContactName: optionalText,
  }),
  url_change_request: z.object({
    id, licenseId: integer, accountId: integer, oldUrl: text, newUrl: text, status: text, reason: optionalText, removalDeadline: optionalAt,
    createdAt: at, decidedAt: optionalAt, version, decidedBy: optionalInteger,
  }),
  license_event: z.object({
    id, licenseId: integer, event: text, fromAccountId: optionalInteger, toAccountId: optionalInteger, details: jsonObject,
    actorUserId: optionalInteger, at, version,
  }),
} as const satisfies Record<SyncEntity, z.ZodObject>;

export type EntityRow<E extends SyncEntity> = z.infer<(typeof entityRows)[E]>;
export type WireField<E extends SyncEntity> = keyof EntityRow<E> & string;

/** An entity's wire fields in order: the columns line of a bootstrap page. */
export const wireFields = <E extends SyncEntity>(entity: E): Array<WireField<E>> => Object.keys(entityRows[entity].shape) as Array<WireField<E>>;

/**
 * Why `payload` is not a row of `entity`, naming the field (`ticket.status: Invalid input:
 * expected string, received number`), or null if it is one.
 */
export function rowIssue(entity: SyncEntity, payload: unknown): string | null {
  const parsed = entityRows[entity].safeParse(payload);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : '(row)';
  return `${entity}.${field}: ${issue.message}`;
}
