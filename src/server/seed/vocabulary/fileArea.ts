/** The file area's contents: the vendor's folder tree with its downloads, and what customers upload. */
import { type ProductDef, productByName } from './products';

/** A folder by its path, with its files as [name, note, days since upload]. */
export interface FolderPlan {
  path: string;
  access: 'product' | 'addon' | 'free';
  product: string;
  files: Array<readonly [string, string, number]>;
}

/** One folder per commercial add-on of a product, with its download. */
const addonFolders = (parent: string, product: ProductDef['name'], version: string): FolderPlan[] =>
  productByName(product).addons.map(([name]) => ({
    path: `${parent}/${name}`, access: 'addon', product: name,
    files: [[`${product === 'X-Cart' ? 'xc' : 'lc'}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${version}.tgz`, `${name} add-on for ${product} ${version.replace(/\.\d+$/, '.x')}`, 60]],
  }));

/** The vendor's folders, parents before children. */
export function fileAreaTree(): FolderPlan[] {
  return [
    { path: 'X-Cart', access: 'product', product: 'X-Cart', files: [] },
    { path: 'X-Cart/X-Cart 4.1.x (current version)', access: 'product', product: 'X-Cart', files: [
      ['RELEASE_NOTES-4.1.9.txt', 'Release notes for X-Cart 4.1.9', 40],
      ['x-cart-4.1.9-manual.pdf', 'Reference manual for X-Cart 4.1.x', 180],
    ] },
    { path: 'X-Cart/X-Cart 4.1.x (current version)/Distribution kits', access: 'product', product: 'X-Cart', files: [
      ['x-cart-4.1.9-gold.tgz', 'X-Cart Gold 4.1.9, full distribution (tar.gz)', 20],
      ['x-cart-4.1.9-gold.zip', 'X-Cart Gold 4.1.9, full distribution (zip)', 20],
      ['x-cart-4.1.9-pro.tgz', 'X-Cart Pro 4.1.9, full distribution (tar.gz)', 20],
      ['x-cart-4.1.9-pro.zip', 'X-Cart Pro 4.1.9, full distribution (zip)', 20],
      ['upgrade_4.1.8-4.1.9.tgz', 'Upgrade pack from 4.1.8 to 4.1.9', 20],
      ['upgrade_4.1.7-4.1.8.tgz', 'Upgrade pack from 4.1.7 to 4.1.8', 80],
    ] },
    // One folder per commercial add-on (its `product` is the add-on's name, as sold), so
    // each opens only with an active license of that add-on.
    { path: 'X-Cart/X-Cart 4.1.x (current version)/Add-ons (commercial)', access: 'addon', product: 'X-Cart', files: [] },
    ...addonFolders('X-Cart/X-Cart 4.1.x (current version)/Add-ons (commercial)', 'X-Cart', '4.1.9'),
    { path: 'X-Cart/X-Cart supporting files for prev versions', access: 'product', product: 'X-Cart', files: [
      ['x-cart-4.0.19-gold.tgz', 'X-Cart Gold 4.0.19 distribution, for 4.0.x stores', 400],
      ['upgrade_4.0.18-4.0.19.tgz', 'Upgrade pack from 4.0.18 to 4.0.19', 400],
      ['security_patch_4.0.x.tgz', 'Security patch for all 4.0.x versions; see the security advisory', 300],
      ['x-cart-3.5.14-gold.tgz', 'X-Cart Gold 3.5.14, for legacy stores', 900],
      ['x-affiliate-4.0.19.tgz', 'X-Affiliate add-on for 4.0.x (if purchased)', 400],
    ] },
    { path: 'X-Cart/X-Cart supporting files for prev versions/Miscellaneous', access: 'product', product: 'X-Cart', files: [
      ['language-de-4.1.x.tgz', 'German language pack, 4.1.x', 150],
      ['language-fr-4.1.x.tgz', 'French language pack, 4.1.x', 150],
      ['htaccess-samples.zip', 'Sample .htaccess files for Apache 1.3 and 2.x, all versions', 600],
      ['db-repair-tool-4.x.zip', 'Database check and repair script for 4.0.x and 4.1.x', 250],
    ] },
    { path: 'LiteCommerce', access: 'product', product: 'LiteCommerce', files: [] },
    { path: 'LiteCommerce/Add-ons (commercial)', access: 'addon', product: 'LiteCommerce', files: [] },
    ...addonFolders('LiteCommerce/Add-ons (commercial)', 'LiteCommerce', '2.2.35'),
    { path: 'LiteCommerce/Add-ons (free)', access: 'free', product: 'LiteCommerce', files: [
      ['lc-featured-products-2.2.tgz', 'Featured Products add-on, LiteCommerce 2.2.x', 200],
      ['lc-bestsellers-2.2.tgz', 'Bestsellers add-on, LiteCommerce 2.2.x', 200],
      ['lc-google-checkout-2.2.tgz', 'Google Checkout payment add-on, LiteCommerce 2.2.x', 120],
    ] },
    { path: 'LiteCommerce/LC 2.2.35 (current version)', access: 'product', product: 'LiteCommerce', files: [
      ['litecommerce-2.2.35.tgz', 'LiteCommerce 2.2.35 distribution (tar.gz)', 30],
      ['litecommerce-2.2.35.zip', 'LiteCommerce 2.2.35 distribution (zip)', 30],
      ['lc-2.2.35-docs.pdf', 'LiteCommerce 2.2.x documentation', 30],
      ['lc-installation-guide.pdf', 'Installation guide, all 2.x versions', 90],
    ] },
    { path: 'LiteCommerce/LC supporting files for prev versions', access: 'product', product: 'LiteCommerce', files: [
      ['lc-upgrade-2.2.31-2.2.35.tgz', 'Upgrade script from 2.2.31 to 2.2.35', 30],
      ['lc-hotfix-2.2.31-checkout.tgz', 'Checkout hotfix for 2.2.28-2.2.31', 200],
      ['Upgrade instructions.txt', 'How to upgrade LiteCommerce 2.x; read before upgrading', 200],
    ] },
    { path: 'Sales-n-Stats', access: 'free', product: 'Sales-n-Stats', files: [
      ['sales-n-stats-free-1.1.2.zip', 'Sales-n-Stats free edition 1.1.2', 100],
      ['sns-user-guide.pdf', 'Sales-n-Stats user guide, 1.x', 300],
    ] },
  ];
}

export const customerUploadNames = ['store-backup.sql.gz', 'logo.png', 'custom-skin.zip', 'products-import.csv', 'design-mockup.psd', 'config-backup.php.txt'];
