/** DOMAIN.md "File area": one test per visibility rule, on the pure function the server and console share. */
import { describe, expect, it } from 'vitest';
import { fileAreaVisibility, type VisibilityFolder, type VisibilityLicense } from '../../src/shared/files/visibility';

const folders: VisibilityFolder[] = [
  { id: 1, parentId: null, name: 'X-Cart', access: 'product', product: 'X-Cart' },
  { id: 2, parentId: 1, name: 'X-Cart 4.1.x (current version)', access: 'product', product: 'X-Cart' },
  { id: 3, parentId: 2, name: 'Distribution kits', access: 'product', product: 'X-Cart' },
  { id: 4, parentId: null, name: 'LiteCommerce', access: 'product', product: 'LiteCommerce' },
  { id: 5, parentId: 4, name: 'Add-ons (commercial)', access: 'addon', product: 'LiteCommerce' },
  { id: 6, parentId: 5, name: 'Egoods', access: 'addon', product: 'Egoods' },
  { id: 7, parentId: 5, name: 'Gift Certificates', access: 'addon', product: 'Gift Certificates' },
  { id: 8, parentId: 4, name: 'Add-ons (free)', access: 'free', product: 'LiteCommerce' },
  { id: 9, parentId: null, name: 'Sales-n-Stats', access: 'free', product: 'Sales-n-Stats' },
];
const main = (product: string, status: VisibilityLicense['status']): VisibilityLicense => ({ product, kind: 'main', status, edition: 'Gold' });
const addon = (product: string, name: string, status: VisibilityLicense['status']): VisibilityLicense => ({ product, kind: 'addon', status, edition: name });

function view(licenses: VisibilityLicense[], viewer: 'primary' | 'secondary' = 'primary') {
  const v = fileAreaVisibility({ viewer, licenses, folders: [...folders].reverse() });
  const of = (id: number) => v.folders.find((f) => f.folderId === id)!;
  return { v, of, shown: v.folders.filter((f) => f.visible).map((f) => f.folderId).sort((a, b) => a - b) };
}

describe('file area visibility', () => {
  it('shows a product\'s folders and their subfolders only with an active main license of it', () => {
    const { shown, of } = view([main('X-Cart', 'active')]);
    expect(shown).toEqual([1, 2, 3, 9]);
    expect(of(3)).toMatchObject({ visible: true, code: 'active_license' });
    expect(of(4)).toMatchObject({ visible: false, code: 'no_license', message: 'The account holds no active LiteCommerce license' });
  });

  it('hides everything while every license is pending, free folders included', () => {
    const { v, shown, of } = view([main('X-Cart', 'pending'), addon('X-Cart', 'X-Affiliate', 'pending')]);
    expect(shown).toEqual([]);
    expect(v.account).toMatchObject({ code: 'all_pending' });
    expect(of(9).code).toBe('all_pending');
  });

  it('hides a pending product\'s folders with the pending reason while another license is active', () => {
    const { of, shown } = view([main('X-Cart', 'active'), main('LiteCommerce', 'pending')]);
    expect(shown).toEqual([1, 2, 3, 9]);
    expect(of(4)).toMatchObject({ code: 'license_pending', message: 'The LiteCommerce license is pending: the order is not verified yet' });
    // A subfolder carries its parent's reason: that is what the customer has to fix.
    expect(of(8)).toMatchObject({ visible: false, code: 'license_pending' });
  });

  it('shows nothing to a secondary user', () => {
    const { v, shown, of } = view([main('X-Cart', 'active')], 'secondary');
    expect(shown).toEqual([]);
    expect(of(1)).toMatchObject({ code: 'secondary_user', message: 'Secondary users have no file area; the primary user downloads the files' });
    expect(v.myFiles.visible).toBe(false);
    expect(v.ticketAttachments.visible).toBe(false);
  });

  it('opens a commercial add-on folder only with an active license of that add-on', () => {
    const { of, shown } = view([main('LiteCommerce', 'active'), addon('LiteCommerce', 'Egoods', 'active'), addon('LiteCommerce', 'Gift Certificates', 'pending')]);
    expect(shown).toEqual([4, 5, 6, 8, 9]);
    expect(of(6)).toMatchObject({ code: 'active_addon_license' });
    expect(of(7)).toMatchObject({ code: 'license_pending', message: 'The Gift Certificates add-on license is pending: the order is not verified yet' });
    const none = view([main('LiteCommerce', 'active')]);
    expect(none.of(5)).toMatchObject({ visible: false, code: 'no_license', message: 'The account holds no active LiteCommerce add-on license' });
  });

  it('shows free folders to every primary user, even one without licenses', () => {
    const { shown, v } = view([]);
    expect(shown).toEqual([9]);
    expect(v.account).toBeNull();
    expect(v.myFiles.visible).toBe(true);
  });

  it('hides everything once all licenses were transferred away', () => {
    const { v, shown, of } = view([main('X-Cart', 'transferred'), main('LiteCommerce', 'transferred')]);
    expect(shown).toEqual([]);
    expect(v.account).toMatchObject({ code: 'transferred_away', message: 'Every license was transferred to another account' });
    expect(of(9).code).toBe('transferred_away');
    // The account's own uploads and ticket attachments are its correspondence, not software.
    expect(v.myFiles.visible).toBe(true);
  });

  it('explains a transferred-in license waiting for the signature', () => {
    const { of } = view([main('X-Cart', 'not_accepted'), main('LiteCommerce', 'active')]);
    expect(of(1)).toMatchObject({ visible: false, code: 'not_accepted', message: 'The transferred X-Cart license is not accepted yet: the new owner must sign the agreement' });
  });

  it('names a revoked or transferred license of one product while others stay', () => {
    expect(view([main('X-Cart', 'revoked'), main('LiteCommerce', 'active')]).of(1).code).toBe('license_revoked');
    expect(view([main('X-Cart', 'transferred'), main('LiteCommerce', 'active')]).of(1).code).toBe('license_transferred');
  });

  it('does not open product folders with an add-on or skin license alone', () => {
    const { of } = view([addon('X-Cart', 'X-Affiliate', 'active'), { product: 'X-Cart', kind: 'skin', status: 'active', edition: 'Fashion Mosaic' }]);
    expect(of(1)).toMatchObject({ visible: false, code: 'no_license' });
  });
});
