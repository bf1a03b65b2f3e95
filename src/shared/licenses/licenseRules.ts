/**
 * What an owner may do with a license in each status and kind (DOMAIN.md "Licenses"; the
 * seed's "My licenses" FAQ). The server enforces these; the portal offers only what they allow.
 */
import type { LicenseKind, LicenseStatus } from '../domain/model';

/** The help page's words for each status. */
export const licenseStatusLabels: Record<LicenseStatus, string> = {
  pending: 'Pending',
  not_accepted: 'Not accepted',
  active: 'Active',
  transferred: 'Transferred',
  revoked: 'Revoked',
};

export interface LicenseFacts {
  kind: LicenseKind;
  status: LicenseStatus;
}

/** Why the license cannot be transferred now, or null when it can. */
export function transferProblem(l: LicenseFacts): string | null {
  if (l.status !== 'active') return `only an active license can be transferred; this one is ${licenseStatusLabels[l.status].toLowerCase()}`;
  return null;
}

/** Why the license cannot change its URL now, or null when it can. */
export function urlChangeProblem(l: LicenseFacts): string | null {
  if (l.kind !== 'main') return 'an add-on or skin runs at its main license\'s URL; change the URL of the main license';
  if (l.status !== 'active') return `only an active license can change its URL; this one is ${licenseStatusLabels[l.status].toLowerCase()}`;
  return null;
}

/** A certificate is issued for an active license only (pending: not verified yet; transferred or revoked: no longer valid). */
export function hasCertificate(l: LicenseFacts): boolean {
  return l.status === 'active';
}

export interface AddonTargetFacts extends LicenseFacts {
  id: number;
  product: string;
}

/**
 * The seed: "you can transfer a skin/add-on license only to a person, who already has X-Cart or
 * LiteCommerce license": the target must be an active main license of the add-on's product,
 * and not the one it is registered to already. Null when the target is fine.
 */
export function addonTargetProblem(addon: { product: string; kind: LicenseKind; parentLicenseId: number | null }, target: AddonTargetFacts | null): { code: string; reason: string } | null {
  if (!target || target.kind !== 'main' || target.status !== 'active') {
    return { code: 'no_active_main_license', reason: 'an add-on or skin can only go to an active main license (X-Cart or LiteCommerce); this key is not one' };
  }
  if (target.product !== addon.product) return { code: 'product_mismatch', reason: `this ${addon.product} ${addon.kind} needs a ${addon.product} license, not ${target.product}` };
  if (target.id === addon.parentLicenseId) return { code: 'same_license', reason: 'the add-on is already registered to this license' };
  return null;
}
