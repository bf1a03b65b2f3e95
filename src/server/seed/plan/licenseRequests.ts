/** License transfers between accounts and URL change requests, in every status. */
import { licenseCertificate } from '../../licenses/certificate';
import type { AccountPlan, LicensePlan, TransferPlan, UrlChangePlan } from '../plans';
import type { SeedState } from '../seedState';
import { DAY, HOUR, MIN, historyDays } from '../units';
import { companyFirst, companySecond, companySuffix, firstNames, lastNames } from '../vocabulary/people';
import { productByName } from '../vocabulary/products';
import { addLicense } from './licenses';

export function planTransfers(state: SeedState): void {
  const r = state.rng('transfers');
  const others = state.accounts.filter((a) => !a.demo);
  const n = Math.max(5, Math.round(others.length * 0.03));
  const forced: TransferPlan['status'][] = ['accepted', 'approved', 'pending', 'rejected', 'cancelled'];
  const tried = new Set<number>();
  for (let i = 0; i < n * 4 && state.transfers.length < n; i++) {
    const from = r.pick(others);
    const mains = from.licenses.filter((l) => l.kind === 'main' && l.status === 'active' && l.createdAt < state.now - 20 * DAY && !from.licenses.some((c) => c.parentId === l.id));
    if (!mains.length) continue;
    const license = r.pick(mains);
    if (tried.has(license.id)) continue;
    tried.add(license.id);
    const status = forced[state.transfers.length] ?? r.weighted([['accepted', 45], ['approved', 10], ['pending', 20], ['rejected', 15], ['cancelled', 10]] as const);
    const toExisting = status === 'accepted' || status === 'approved' || r.chance(0.5);
    let to: AccountPlan | null = null;
    if (toExisting) {
      for (let k = 0; k < 10 && !to; k++) {
        const cand = r.pick(others);
        if (cand !== from && cand.createdAt < state.now - 30 * DAY) to = cand;
      }
      if (!to) continue;
    }
    const targetFirst = r.pick(firstNames);
    const targetLast = r.pick(lastNames);
    const createdAt = status === 'pending' ? state.now - Math.round(r.range(2 * HOUR, 6 * DAY))
      : status === 'approved' ? state.now - Math.round(r.range(2 * DAY, 12 * DAY))
        : state.now - Math.round(r.range(14, historyDays - 5) * DAY);
    const t: TransferPlan = {
      license, from, to,
      targetEmail: to ? to.primary.email : `${targetFirst}.${targetLast}@${r.pick(companyFirst).toLowerCase().replace(/[^a-z]/g, '')}-shop.example`.toLowerCase(),
      targetCompany: to ? to.company : `${r.pick(companyFirst)} ${r.pick(companySecond)} ${r.pick(companySuffix)}`.trim(),
      targetUrl: to ? `https://www.${to.domain}/${license.product === 'X-Cart' ? 'xcart' : 'store'}/` : `https://www.${r.pick(companyFirst).toLowerCase().replace(/[^a-z]/g, '')}store.example/`,
      points: r.chance(0.5) ? 0 : r.pick([5, 10, 15, 20, 30]),
      status, signature: null, reason: null, createdAt, decidedAt: null, acceptedAt: null, newLicense: null,
    };
    if (status === 'rejected') t.reason = r.pick(['The target URL is already covered by another license.', 'The owner did not confirm the transfer by email.', 'Outstanding invoice on the account; please settle it first.']);
    if (status === 'cancelled') t.reason = 'Cancelled by the owner.';
    if (status !== 'pending') t.decidedAt = createdAt + Math.round(r.logRange(2 * HOUR, 40 * HOUR));
    if ((status === 'accepted' || status === 'approved') && to) {
      const decided = t.decidedAt!;
      license.status = 'transferred';
      license.updatedAt = decided;
      const product = productByName(license.product);
      const fresh = addLicense(state, r, to, {
        product, kind: 'main', edition: license.edition, version: license.version, url: t.targetUrl, parent: null,
        status: status === 'accepted' ? 'active' : 'not_accepted', createdAt: decided, priceCents: license.priceCents, ordered: false,
      });
      state.history.push({ licenseId: license.id, event: 'transferred', from: from.id, to: to.id, details: { newLicenseId: fresh.id, points: t.points }, actor: state.staff.billing[0]!.id, at: decided });
      if (status === 'accepted') {
        t.acceptedAt = decided + Math.round(r.logRange(HOUR, 5 * DAY));
        t.signature = `/${to.primary.first} ${to.primary.last}/`;
        fresh.updatedAt = t.acceptedAt;
        state.history.push({ licenseId: fresh.id, event: 'accepted', from: null, to: to.id, details: { signature: t.signature }, actor: to.primary.id, at: t.acceptedAt });
      }
      t.newLicense = fresh;
      if (t.points > 0) {
        const reason = `License ${license.key} transferred to ${to.company}`;
        state.ledger.push({ accountId: from.id, kind: 'transfer_out', points: -t.points, reason, ticketId: null, licenseId: license.id, orderId: null, createdBy: state.staff.billing[0]!.id, createdAt: decided });
        state.ledger.push({ accountId: to.id, kind: 'transfer_in', points: t.points, reason: `License ${license.key} transferred from ${from.company}`, ticketId: null, licenseId: fresh.id, orderId: null, createdBy: state.staff.billing[0]!.id, createdAt: decided });
      }
    }
    state.transfers.push(t);
  }
}

export function planUrlChanges(state: SeedState): void {
  const r = state.rng('url-changes');
  const demo = state.accounts[0]!;
  const n = Math.max(5, Math.round(state.accounts.length * 0.05));
  const forced: UrlChangePlan['status'][] = ['pending', 'approved', 'rejected', 'cancelled'];
  const pendingFor = new Set<number>();
  const approvedFor = new Set<number>();
  const add = (a: AccountPlan, license: LicensePlan, status: UrlChangePlan['status']) => {
    // One pending request per license; one approved change each keeps the URL history simple.
    const seen = status === 'pending' ? pendingFor : status === 'approved' ? approvedFor : null;
    if (seen?.has(license.id)) return;
    seen?.add(license.id);
    const createdAt = status === 'pending' ? state.now - Math.round(r.range(HOUR, 5 * DAY)) : Math.max(license.updatedAt + HOUR, state.now - Math.round(r.range(3, historyDays - 3) * DAY));
    if (createdAt >= state.now - HOUR && status !== 'pending') return;
    const decidedAt = status === 'pending' ? null : Math.min(state.now - 30 * MIN, createdAt + Math.round(r.logRange(HOUR, 30 * HOUR)));
    const u: UrlChangePlan = {
      license, account: a, status, createdAt, decidedAt,
      oldUrl: license.url,
      newUrl: `https://${r.pick(['www', 'shop', 'store', 'secure', 'new'])}.${a.domain.replace('.example', `-${r.pick(['online', 'store', 'shop', 'direct'])}.example`)}/`,
      reason: status === 'rejected' ? r.pick(['The new URL belongs to another company.', 'Please remove the software from the old URL first; it is still running there.']) : status === 'cancelled' ? 'Cancelled by the customer.' : null,
      decidedBy: status === 'approved' || status === 'rejected' ? r.pick(state.staff.billing).id : null,
    };
    if (status === 'approved') {
      // The change is applied: the license moves to the new URL and its certificate is reissued.
      u.newUrl = license.url;
      u.oldUrl = license.url.replace('https://', 'http://').replace(/\/$/, r.pick(['/shop/', '/xcart/', '/store/', '/']));
      if (u.oldUrl === license.url) u.oldUrl = `http://old.${a.domain}/`;
      license.updatedAt = Math.max(license.updatedAt, decidedAt!);
      license.certificate = licenseCertificate(license, a.company, decidedAt!);
      state.history.push({ licenseId: license.id, event: 'url_changed', from: a.id, to: a.id, details: { oldUrl: u.oldUrl, newUrl: u.newUrl }, actor: u.decidedBy, at: decidedAt! });
    }
    state.urlChanges.push(u);
  };
  const demoMain = demo.licenses.find((l) => l.kind === 'main' && l.status === 'active');
  if (demoMain) add(demo, demoMain, 'approved');
  const candidates = state.accounts.filter((a) => !a.demo);
  for (let i = 0; i < n * 3 && state.urlChanges.length < n; i++) {
    const a = r.pick(candidates);
    const mains = a.licenses.filter((l) => l.kind === 'main' && l.status === 'active');
    if (!mains.length) continue;
    const status = forced[state.urlChanges.length - 1] ?? r.weighted([['approved', 55], ['pending', 20], ['rejected', 10], ['cancelled', 15]] as const);
    add(a, r.pick(mains), status);
  }
}
