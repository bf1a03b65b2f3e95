/** The vendor's catalogue as the seed sells it: products, editions, add-ons, prices, files. */

export interface ProductDef {
  name: 'X-Cart' | 'LiteCommerce' | 'Sales-n-Stats';
  code: string;
  editions: ReadonlyArray<readonly [string, number, number]>; // name, weight, price in cents
  versions: ReadonlyArray<readonly [string, number]>;
  addons: ReadonlyArray<readonly [string, number]>; // name, price in cents
  skins: ReadonlyArray<readonly [string, number]>;
}
export const products: readonly ProductDef[] = [
  {
    name: 'X-Cart', code: 'XC',
    editions: [['Gold', 7, 24500], ['Pro', 3, 54500]],
    versions: [['4.1.9', 10], ['4.1.8', 5], ['4.1.7', 3], ['4.1.5', 2], ['4.0.19', 3], ['4.0.18', 1], ['3.5.14', 1]],
    addons: [['X-Affiliate', 9900], ['X-RMA', 7900], ['X-SpecialOffers', 12900], ['X-Configurator', 14900], ['X-FancyCategories', 4900], ['X-Survey', 5900], ['X-AOM', 9900]],
    skins: [['Fashion Mosaic', 6900], ['Artistic Tunes', 6900], ['Light & Lucid', 4900], ['Vivid Dreams', 5900]],
  },
  {
    name: 'LiteCommerce', code: 'LC',
    editions: [['Standard', 6, 29900], ['Pro', 4, 59900]],
    versions: [['2.2.35', 8], ['2.2.31', 4], ['2.2.28', 2], ['2.1.3', 1]],
    addons: [['Advanced Order Management', 14900], ['Egoods', 7900], ['Wholesale Trading', 9900], ['Product Adviser', 6900], ['Inventory Tracking', 5900], ['Gift Certificates', 4900]],
    skins: [['Corporate Blue', 5900], ['Mobile Lite', 4900]],
  },
  {
    name: 'Sales-n-Stats', code: 'SN',
    editions: [['Standard', 1, 9900]],
    versions: [['1.1.2', 3], ['1.0.9', 1]],
    addons: [],
    skins: [],
  },
];
export const productByName = (name: string): ProductDef => products.find((p) => p.name === name)!;
export const currentVersion: Record<ProductDef['name'], string> = { 'X-Cart': '4.1.9', LiteCommerce: '2.2.35', 'Sales-n-Stats': '1.1.2' };
export const pointPackages: ReadonlyArray<readonly [number, number]> = [[10, 7000], [25, 15000], [50, 27500], [100, 50000], [250, 110000]];
export const hostingPlans = ['Starter (5 GB)', 'Business (20 GB)', 'Business Plus (50 GB)', 'Dedicated VPS'];
export const gateways = ['Authorize.Net', 'PayPal Pro', '2Checkout', 'WorldPay', 'LinkPoint', 'Protx', 'Moneris', 'CyberSource'];
export const carriers = ['UPS', 'FedEx', 'USPS', 'Canada Post', 'DHL', 'Royal Mail', 'Australia Post'];
export const phpFiles = {
  'X-Cart': ['include/func/func.order.php', 'include/func/func.cart.php', 'cart.php', 'include/checkout_init.php', 'payment/cc_authorizenet.php',
    'include/func/func.shipping.php', 'include/search.php', 'admin/import.php', 'include/func/func.mail.php', 'skin1/customer/main/cart.tpl',
    'include/func/func.core.php', 'product.php', 'home.php', 'include/func/func.db.php', 'modules/Gift_Certificates/func.php'],
  LiteCommerce: ['classes/kernel/Cart.php', 'classes/kernel/Order.php', 'classes/modules/AOM/kernel/Order.php', 'cart.php', 'classes/base/Database.php',
    'skins/default/en/checkout/checkout.tpl', 'classes/kernel/Shipping.php', 'classes/dialog/checkout.php', 'classes/kernel/Mailer.php'],
  'Sales-n-Stats': ['snsconfig.php', 'include/reports.php', 'include/collector.php', 'admin/stats.php'],
} as const;
