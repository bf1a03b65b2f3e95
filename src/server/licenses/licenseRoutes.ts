/**
 * The customer's "My licenses": list with pending requests, a license's certificate and
 * history, transfer requests (make, cancel, accept by signing) and URL changes (make or
 * edit, cancel). Primary users only.
 */
import { AcceptTransferBody, AddonTransferBody, LicenseParams, TransferBody, TransferParams, UrlChangeBody } from '../../shared/api/customerAccount';
import { primaryOnly, secondaryRefusal } from '../billing/billingRoutes';
import { publicUrlOf } from '../config/serverConfig';
import { notFound } from '../http/errors';
import { defineRoute, type RouteSpec } from '../http/routes';
import type { ServerContext } from '../serverContext';
import { write } from '../sync/changeLog';
import { acceptTransfer, cancelTransfer, requestAddonTransfers, requestTransfer } from './transfers';
import { cancelUrlChange, requestUrlChange } from './urlChanges';

const tag = 'Customer licenses';
const common = { tag, access: primaryOnly, refusals: secondaryRefusal };

/** A license's pending requests, as the list and the license's own page show them. */
const pendingColumns = `(SELECT jsonb_build_object('id', u.id, 'newUrl', u.new_url, 'createdAt', u.created_at) FROM url_change_requests u
                    WHERE u.license_id = l.id AND u.status = 'pending') AS "pendingUrlChange",
                  (SELECT jsonb_build_object('id', t.id, 'targetCompany', t.target_company, 'targetEmail', t.target_email, 'targetUrl', t.target_url,
                          'targetLicenseKey', t.target_license_key, 'targetContactName', t.target_contact_name, 'points', t.points, 'createdAt', t.created_at)
                    FROM license_transfers t WHERE t.license_id = l.id AND t.status = 'pending') AS "pendingTransfer"`;

export function licenseRoutes(ctx: ServerContext): RouteSpec[] {
  const publicUrl = publicUrlOf(ctx.config);
  const inWrite = <T>(fn: Parameters<typeof write<T>>[2]) => write(ctx.db, ctx.clock.now(), fn);
  return [
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/licenses', summary: 'List own licenses',
      handler: async ({ user }) => ({
        licenses: await ctx.db.query(
          `SELECT l.id, l.key, l.product, l.kind, l.edition, l.product_version AS "productVersion", l.url, l.status, l.parent_license_id AS "parentLicenseId",
                  l.created_at AS "createdAt", l.updated_at AS "updatedAt", ${pendingColumns}
             FROM licenses l WHERE l.account_id = $1 ORDER BY l.parent_license_id NULLS FIRST, l.id`,
          [user.accountId],
        ),
        // Transfers to this account waiting for the primary user's signature.
        awaitingSignature: await ctx.db.query(
          `SELECT t.id, t.new_license_id AS "licenseId", l.key, l.product, l.kind, l.edition, l.product_version AS "productVersion", l.url, a.company AS "fromCompany", t.points, t.decided_at AS "approvedAt"
             FROM license_transfers t JOIN licenses l ON l.id = t.new_license_id JOIN accounts a ON a.id = t.from_account_id
            WHERE t.to_account_id = $1 AND t.status = 'approved' ORDER BY t.id`,
          [user.accountId],
        ),
      }),
    }),
    defineRoute({
      ...common, method: 'GET', url: '/api/customer/licenses/:licenseId', summary: 'Read a license with its certificate and history', params: LicenseParams,
      handler: async ({ user, params }) => {
        const [license] = await ctx.db.query(
          `SELECT l.id, l.key, l.product, l.kind, l.edition, l.product_version AS "productVersion", l.url, l.status, l.certificate, l.parent_license_id AS "parentLicenseId",
                  l.created_at AS "createdAt", l.updated_at AS "updatedAt", ${pendingColumns} FROM licenses l WHERE l.id = $1 AND l.account_id = $2`,
          [params.licenseId, user.accountId],
        );
        if (!license) throw notFound(`license ${params.licenseId}`);
        const history = await ctx.db.query('SELECT event, details, at FROM license_history WHERE license_id = $1 ORDER BY at, id', [params.licenseId]);
        // The add-ons and skins registered to it (the seed's 'Select products' of a transfer).
        const addons = await ctx.db.query(
          `SELECT l.id, l.key, l.product, l.kind, l.edition, l.product_version AS "productVersion", l.url, l.status, ${pendingColumns}
             FROM licenses l WHERE l.parent_license_id = $1 AND l.account_id = $2 ORDER BY l.id`,
          [params.licenseId, user.accountId],
        );
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
