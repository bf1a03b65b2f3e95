/**
 * The customer's "My licenses": list with pending requests, a license's certificate and
 * history, transfer requests (make, cancel, accept by signing) and URL changes (make or
 * edit, cancel). Primary users only.
 */
import type { Expression, ExpressionBuilder, RawBuilder } from 'kysely';
import { AcceptTransferBody, AddonTransferBody, LicenseParams, TransferBody, TransferParams, UrlChangeBody } from '../../shared/api/customerAccount';
import { primaryOnly, secondaryRefusal } from '../billing/billingRoutes';
import { publicUrlOf } from '../config/serverConfig';
import { jsonbObject, queryBuilder, sql, type Tables } from '../db/queryBuilder';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { acceptTransfer, cancelTransfer, requestAddonTransfers, requestTransfer } from './transfers';
import { cancelUrlChange, requestUrlChange } from './urlChanges';

const tag = 'Customer licenses';
const common = { tag, access: primaryOnly, refusals: secondaryRefusal };

/** A license's (`l`) pending requests, as the list and the license's own page show them. */
const pendingRequests = (eb: ExpressionBuilder<Tables & { l: Tables['licenses'] }, 'l'>) => [
  eb
    .selectFrom('urlChangeRequests as u')
    .select((u) => jsonbObject({ id: u.ref('u.id'), newUrl: u.ref('u.newUrl'), createdAt: u.ref('u.createdAt') }).as('request'))
    .whereRef('u.licenseId', '=', 'l.id')
    .where('u.status', '=', 'pending')
    .as('pendingUrlChange'),
  eb
    .selectFrom('licenseTransfers as t')
    .select((t) =>
      jsonbObject({
        id: t.ref('t.id'), targetCompany: t.ref('t.targetCompany'), targetEmail: t.ref('t.targetEmail'), targetUrl: t.ref('t.targetUrl'),
        targetLicenseKey: t.ref('t.targetLicenseKey'), targetContactName: t.ref('t.targetContactName'), points: t.ref('t.points'), createdAt: t.ref('t.createdAt'),
      }).as('request'),
    )
    .whereRef('t.licenseId', '=', 'l.id')
    .where('t.status', '=', 'pending')
    .as('pendingTransfer'),
];

const licenseColumns = ['l.id', 'l.key', 'l.product', 'l.kind', 'l.edition', 'l.productVersion', 'l.url', 'l.status'] as const;

export function licenseRoutes(ctx: ServerContext): RouteSpec[] {
  const publicUrl = publicUrlOf(ctx.config);
  const inWrite = <T>(fn: Parameters<typeof write<T>>[2]) => write(ctx.db, ctx.clock.now(), fn);
  return [
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/licenses', summary: 'List own licenses',
      handler: async ({ user }) => ({
        licenses: await queryBuilder(ctx.db)
          .selectFrom('licenses as l')
          .select((eb) => [...licenseColumns, 'l.parentLicenseId', 'l.createdAt', 'l.updatedAt', ...pendingRequests(eb)])
          .where('l.accountId', '=', user.accountId)
          .orderBy('l.parentLicenseId', (ob) => ob.asc().nullsFirst())
          .orderBy('l.id')
          .execute(),
        // Transfers to this account waiting for the primary user's signature.
        awaitingSignature: await queryBuilder(ctx.db)
          .selectFrom('licenseTransfers as t')
          .innerJoin('licenses as l', 'l.id', 't.newLicenseId')
          .innerJoin('accounts as a', 'a.id', 't.fromAccountId')
          .select(['t.id', 't.newLicenseId as licenseId', 'l.key', 'l.product', 'l.kind', 'l.edition', 'l.productVersion', 'l.url', 'a.company as fromCompany', 't.points', 't.decidedAt as approvedAt'])
          .where('t.toAccountId', '=', user.accountId)
          .where('t.status', '=', 'approved')
          .orderBy('t.id')
          .execute(),
      }),
    }),
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/licenses/:licenseId', summary: 'Read a license with its certificate and history', params: LicenseParams,
      handler: async ({ user, params }) => {
        const license = await queryBuilder(ctx.db)
          .selectFrom('licenses as l')
          .select((eb) => [...licenseColumns, 'l.certificate', 'l.parentLicenseId', 'l.createdAt', 'l.updatedAt', ...pendingRequests(eb)])
          .where('l.id', '=', params.licenseId)
          .where('l.accountId', '=', user.accountId)
          .executeTakeFirst();
        if (!license) throw notFound(`license ${params.licenseId}`);
        const history = await queryBuilder(ctx.db)
          .selectFrom('licenseHistory')
          .select(['event', 'details', 'at'])
          .where('licenseId', '=', params.licenseId)
          .orderBy('at')
          .orderBy('id')
          .execute();
        // The add-ons and skins registered to it (the seed's 'Select products' of a transfer).
        const addons = await queryBuilder(ctx.db)
          .selectFrom('licenses as l')
          .select((eb) => [...licenseColumns, ...pendingRequests(eb)])
          .where('l.parentLicenseId', '=', params.licenseId)
          .where('l.accountId', '=', user.accountId)
          .orderBy('l.id')
          .execute();
        return { license, history, addons };
      },
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/licenses/:licenseId/transfer', summary: 'Request a license transfer', params: LicenseParams, body: TransferBody,
      handler: async ({ user, params, body }) => ({ transferId: await inWrite((w) => requestTransfer(w, publicUrl, user.accountId!, params.licenseId, body)) }),
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/licenses/:licenseId/addon-transfer', summary: 'Request the transfer of add-ons and skins of a main license to a license key',
      params: LicenseParams, body: AddonTransferBody,
      handler: async ({ user, params, body }) => ({ transferIds: await inWrite((w) => requestAddonTransfers(w, publicUrl, user.accountId!, params.licenseId, body)) }),
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/transfers/:transferId/cancel', summary: 'Cancel a pending transfer request', params: TransferParams,
      handler: async ({ user, params }) => {
        await inWrite((w) => cancelTransfer(w, user.accountId!, params.transferId));
        return { ok: true };
      },
    }),
    defineRoute({
      ...common, method: 'POST', url: '/api/customer/transfers/:transferId/accept', summary: 'Accept a transferred license by signing the agreement',
      params: TransferParams, body: AcceptTransferBody,
      handler: async ({ user, params, body }) => {
        await inWrite((w) => acceptTransfer(w, publicUrl, user.accountId!, user.id, params.transferId, body.signature));
        return { ok: true };
      },
    }),
    defineRoute({
      ...common, method: 'PUT', url: '/api/customer/licenses/:licenseId/url-change', summary: 'Request or edit a license URL change', params: LicenseParams, body: UrlChangeBody,
      handler: async ({ user, params, body }) => ({ requestId: await inWrite((w) => requestUrlChange(w, user.accountId!, params.licenseId, body.newUrl)) }),
    }),
    defineRoute({
      ...common, method: 'DELETE', url: '/api/customer/licenses/:licenseId/url-change', summary: 'Cancel a pending license URL change', params: LicenseParams,
      handler: async ({ user, params }) => {
        await inWrite((w) => cancelUrlChange(w, user.accountId!, params.licenseId));
        return { ok: true };
      },
    }),
  ];
}
