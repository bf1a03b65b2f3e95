/** Licenses: what each account bought, and the rare revocation. */
import type { LicenseKind, LicenseStatus } from '../../../shared/domain/model';
import { licenseCertificate } from '../../licenses/certificate';
import type { AccountPlan, LicensePlan } from '../plans';
import type { Rng } from '../random';
import type { SeedState } from '../seedState';
import { DAY, HOUR } from '../units';
import { type ProductDef, productByName, products } from '../vocabulary/products';

export function licenseKey(state: SeedState, r: Rng, product: ProductDef, kind: LicenseKind): string {
  const prefix = product.code + (kind === 'addon' ? 'A' : kind === 'skin' ? 'S' : '');
  for (;;) {
    const key = `${prefix}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}`.toUpperCase();
    if (!state.keys.has(key)) {
      state.keys.add(key);
      return key;
    }
  }
}

export function addLicense(state: SeedState, r: Rng, a: AccountPlan, spec: { product: ProductDef; kind: LicenseKind; edition: string; version: string; url: string; parent: LicensePlan | null; status: LicenseStatus; createdAt: number; priceCents: number; ordered: boolean }): LicensePlan {
  const l: LicensePlan = {
    id: state.nextId.licenses++, key: licenseKey(state, r, spec.product, spec.kind), product: spec.product.name, kind: spec.kind, edition: spec.edition,
    version: spec.version, url: spec.url, accountId: a.id, parentId: spec.parent?.id ?? null, status: spec.status, certificate: '',
    createdAt: spec.createdAt, updatedAt: spec.createdAt, priceCents: spec.priceCents, ordered: spec.ordered, verifiedAt: null,
  };
  if (spec.status !== 'pending') {
    l.verifiedAt = spec.ordered ? Math.min(state.now - HOUR, spec.createdAt + Math.round(r.logRange(HOUR, 30 * HOUR))) : spec.createdAt;
    l.updatedAt = l.verifiedAt;
    l.certificate = licenseCertificate(l, a.company, l.verifiedAt);
  }
  a.licenses.push(l);
  state.licenses.push(l);
  state.history.push({ licenseId: l.id, event: spec.ordered ? 'ordered' : 'issued', from: null, to: a.id, details: { key: l.key }, actor: null, at: spec.createdAt });
  return l;
}

export function planLicenses(state: SeedState): void {
  const r = state.rng('licenses');
  const demo = state.accounts[0]!;
  {
    const xc = productByName('X-Cart');
    const main = addLicense(state, r, demo, { product: xc, kind: 'main', edition: 'Gold', version: '4.1.9', url: 'https://shop.carlascrafts.example/', parent: null, status: 'active', createdAt: demo.createdAt, priceCents: 24500, ordered: true });
    addLicense(state, r, demo, { product: xc, kind: 'addon', edition: 'X-Affiliate', version: '4.1.9', url: main.url, parent: main, status: 'active', createdAt: demo.createdAt + 90 * DAY, priceCents: 9900, ordered: true });
    addLicense(state, r, demo, { product: xc, kind: 'skin', edition: 'Fashion Mosaic', version: '4.1.9', url: main.url, parent: main, status: 'active', createdAt: demo.createdAt + 91 * DAY, priceCents: 6900, ordered: true });
    const lc = productByName('LiteCommerce');
    addLicense(state, r, demo, { product: lc, kind: 'main', edition: 'Standard', version: '2.2.35', url: 'https://wholesale.carlascrafts.example/', parent: null, status: 'pending', createdAt: state.now - 26 * HOUR, priceCents: 29900, ordered: true });
  }
  let revoked = 0;
  for (const a of state.accounts) {
    if (a.demo) continue;
    // A few accounts are brand new: their first order is still waiting for billing.
    const brandNew = a.createdAt > state.now - 12 * DAY && r.chance(0.3);
    const mains = brandNew ? 1 : r.weighted([[1, 70], [2, 22], [3, 8]] as const);
    for (let m = 0; m < mains; m++) {
      const product = m === 0 ? r.weighted([[products[0]!, 70], [products[1]!, 24], [products[2]!, 6]] as const) : r.weighted([[products[0]!, 50], [products[1]!, 35], [products[2]!, 15]] as const);
      const [edition, , price] = r.weighted(product.editions.map((e) => [e, e[1]] as const));
      const version = r.weighted(product.versions);
      const created = m === 0 ? a.createdAt : a.createdAt + Math.round(r.range(0, Math.max(DAY, state.now - 8 * DAY - a.createdAt)));
      const url = m === 0 ? `https://www.${a.domain}/` : `https://${r.pick(['shop', 'store', 'b2b', 'outlet', 'eu'])}${m > 1 ? m : ''}.${a.domain}/`;
      const status: LicenseStatus = brandNew ? 'pending' : 'active';
      const main = addLicense(state, r, a, { product, kind: 'main', edition, version, url, parent: null, status, createdAt: brandNew ? state.now - Math.round(r.range(2 * HOUR, 5 * DAY)) : created, priceCents: price, ordered: true });
      if (brandNew || !product.addons.length) continue;
      const addons = r.weighted([[0, 45], [1, 30], [2, 15], [3, 10]] as const);
      const used = new Set<string>();
      for (let k = 0; k < addons; k++) {
        const [name, addonPrice] = r.pick(product.addons);
        if (used.has(name)) continue;
        used.add(name);
        const at = main.createdAt + Math.round(r.range(0, Math.max(DAY, state.now - 2 * DAY - main.createdAt)));
        // Add-ons bought in the last days may still wait for verification.
        const pending = at > state.now - 4 * DAY && r.chance(0.5);
        addLicense(state, r, a, { product, kind: 'addon', edition: name, version, url: main.url, parent: main, status: pending ? 'pending' : 'active', createdAt: at, priceCents: addonPrice, ordered: true });
      }
      if (product.skins.length && r.chance(0.15)) {
        const [name, skinPrice] = r.pick(product.skins);
        addLicense(state, r, a, { product, kind: 'skin', edition: name, version, url: main.url, parent: main, status: 'active', createdAt: main.createdAt + Math.round(r.range(0, 30 * DAY)), priceCents: skinPrice, ordered: true });
      }
    }
    // A rare chargeback or license violation revokes a license.
    const active = a.licenses.filter((l) => l.status === 'active' && l.kind === 'main');
    if (active.length > 1 && (r.chance(0.02) || revoked === 0)) {
      const l = active[active.length - 1]!;
      const at = Math.min(state.now - DAY, l.updatedAt + Math.round(r.range(10, 200) * DAY));
      l.status = 'revoked';
      l.updatedAt = at;
      state.history.push({ licenseId: l.id, event: 'revoked', from: a.id, to: null, details: { reason: r.pick(['Payment charged back', 'License used on several domains', 'Order cancelled by the customer']) }, actor: state.staff.billing[0]!.id, at });
      for (const child of a.licenses.filter((c) => c.parentId === l.id)) {
        child.status = 'revoked';
        child.updatedAt = at;
      }
      revoked++;
    }
  }
}
