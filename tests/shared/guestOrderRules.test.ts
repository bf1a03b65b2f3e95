/**
 * The shared rules of a guest order and of a referral (src/shared/catalogue/guestOrder.ts,
 * src/shared/affiliates/affiliates.ts): the strict form, naming each field; the company a new
 * account gets; what a guest may not order; and a referral only for an account new through
 * the link, never inside one account.
 */
import { describe, expect, it } from 'vitest';
import { referralRefusal } from '../../src/shared/affiliates/affiliates';
import { GuestOrderForm, guestCompany, guestOrderRefusal } from '../../src/shared/catalogue/guestOrder';

const form = { itemId: 3, priceCents: 19900, licenseUrl: 'https://shop.example/', orderKey: 'order-12345678', email: ' Ann@Shop.Example ', name: ' Ann ', company: 'Ann & Co' };
const fieldsOf = (input: unknown) => {
  const r = GuestOrderForm.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.') || i.code);
};

describe('guest order rules', () => {
  it('parses the form, the address lower-cased and trimmed, and names each bad field', () => {
    expect(GuestOrderForm.parse(form)).toEqual({ ...form, email: 'ann@shop.example', name: 'Ann' });
    expect(fieldsOf({ ...form, email: 'nope' })).toEqual(['email']);
    expect(fieldsOf({ ...form, name: '' })).toEqual(['name']);
    expect(fieldsOf({ ...form, company: { nested: true } })).toEqual(['company']);
    expect(fieldsOf({ ...form, orderKey: '<script>' })).toEqual(['orderKey']);
    expect(fieldsOf({ ...form, accountId: 1 })).toEqual(['unrecognized_keys']);
    expect(fieldsOf({ ...form, email: undefined, name: undefined })).toEqual(['email', 'name']);
  });

  it('gives the account the company typed, else the person\'s name', () => {
    expect(guestCompany({ name: 'Ann', company: 'Ann & Co' })).toBe('Ann & Co');
    expect(guestCompany({ name: 'Ann', company: '' })).toBe('Ann');
    expect(guestCompany({ name: 'Ann' })).toBe('Ann');
  });

  it('refuses add-ons and skins to a guest (a new account has no license for them), nothing else', () => {
    const item = { product: 'X-Cart', name: 'X-RMA', points: null, months: null };
    expect(guestOrderRefusal({ ...item, kind: 'addon' })).toMatchObject({ status: 409, code: 'needs_license', field: 'itemId' });
    expect(guestOrderRefusal({ ...item, kind: 'skin' })).toMatchObject({ code: 'needs_license' });
    for (const kind of ['license', 'support_points', 'service', 'hosting'] as const) expect(guestOrderRefusal({ ...item, kind })).toBeNull();
    expect(guestOrderRefusal(null)).toBeNull();
  });
});

describe('referral rules', () => {
  it('refuses the affiliate\'s own account and an account opened before the visit; takes one opened at or after it', () => {
    expect(referralRefusal(7, { id: 7, createdAt: 2000 }, 1000)).toMatchObject({ code: 'self_referral' });
    expect(referralRefusal(7, { id: 8, createdAt: 999 }, 1000)).toMatchObject({ code: 'not_new_account' });
    expect(referralRefusal(7, { id: 8, createdAt: 1000 }, 1000)).toBeNull();
    expect(referralRefusal(7, { id: 8, createdAt: 5000 }, 1000)).toBeNull();
  });
});
