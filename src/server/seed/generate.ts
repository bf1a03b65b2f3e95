/**
 * The deterministic demo data generator (`npm run seed -- --tickets N`), shared by the demo,
 * the tests and the benchmarks: the same seed and `now` always give the same rows.
 *
 * It plans everything in memory first (accounts, licenses, the full timeline of every ticket),
 * then bulk-inserts with one `INSERT ... SELECT FROM unnest(...)` per few thousand rows, all in
 * one transaction, so 100k tickets with ~1M messages take minutes, not hours, on PGlite.
 * Every row follows DOMAIN.md: ticket times match their status (the life cycle's rules), due
 * times come from `ticketDueAt`, scores from the account standing rule, and every first close
 * with a charge has exactly one ledger entry. The change log is not written; a fresh sync
 * epoch makes every console bootstrap again instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database, Queryable } from '../db/database';
import { hashPassword } from '../auth/passwords';
import { defaultLifecycleSettings, newsletterTopics, type LicenseKind, type LicenseStatus, type Priority, type TicketStatus, type TicketType } from '../../shared/domain/model';
import { chargeFor, newTicketState, ticketDueAt, type TicketState } from '../../shared/tickets/lifecycle';
import { accountStanding, basePriorityScore, standingWindowMs } from '../../shared/tickets/queueOrder';
import { demoCustomer, demoSecondary, ensureDemoAccounts } from './demoAccounts';
import { faqArticles } from './faq';
import type { BlobStore } from '../files/blobStore';
import { demoFileBytes } from '../files/demoFiles';
import { licenseCertificate } from '../licenses/certificate';

export const seededTables = [
  'departments', 'users', 'staff_departments', 'accounts', 'licenses', 'license_history', 'tickets', 'ticket_messages', 'attachments',
  'faq_articles', 'invoices', 'orders', 'ledger_entries', 'license_transfers', 'url_change_requests', 'file_folders', 'files',
] as const;
export type SeededTable = (typeof seededTables)[number];
/** Rows per table after generation. */
export type GeneratedCounts = Record<SeededTable, number>;

export interface GenerateOptions {
  /** Total tickets to create, the demo customer's and the log tickets included. */
  tickets: number;
  seed?: number;
  /** The generator's "now": every time lies before it. */
  now: number;
  /** Where the demo files' contents go (DATA_DIR/blobs); without it the rows name blobs nobody stored. */
  blobs?: BlobStore;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const settings = defaultLifecycleSettings;
const historyDays = 120;
const logTicketSubject = 'LOG: License URL modifications';

// ---------------------------------------------------------------- randomness

/** mulberry32: tiny, fast and good enough for demo data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A separate stream per purpose, so changing one part of the generator leaves the others' rows alone. */
function streamSeed(seed: number, name: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.next());
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
  /** Log-uniform in [lo, hi]: as many values between 1 and 10 minutes as between 1 and 10 hours. */
  logRange(lo: number, hi: number): number {
    return lo * Math.pow(hi / lo, this.next());
  }
  /** 1 + a geometric count with the given mean extra, capped. */
  geometric(meanExtra: number, cap: number): number {
    const p = 1 / (1 + meanExtra);
    let n = 0;
    while (n < cap && this.next() > p) n++;
    return n;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return s;
  }
  /** Lognormal-ish weight for skewed activity (a few accounts write most tickets). */
  skew(sigma: number): number {
    const u = Math.max(this.next(), 1e-9);
    const v = this.next();
    return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
}

const fmtDate = (t: number): string => new Date(t).toISOString().slice(0, 10);
const fmtTime = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const fill = (template: string, vars: Record<string, string | number>): string => template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

// ---------------------------------------------------------------- bulk insert

type ColumnType = 'bigint' | 'integer' | 'text' | 'boolean' | 'double precision' | 'jsonb' | 'text[]';

/** Buffers rows and writes them with one `INSERT ... SELECT FROM unnest(...)` per batch. */
class BulkInsert {
  private cols: unknown[][];
  private readonly sql: string;
  inserted = 0;
  constructor(
    private readonly tx: Queryable,
    private readonly table: string,
    columns: ReadonlyArray<readonly [string, ColumnType]>,
    private readonly batchSize = 4000,
  ) {
    const names = columns.map(([n]) => `"${n}"`);
    // Arrays of arrays cannot go through unnest; a text[] column travels as its literal.
    const params = columns.map(([, type], i) => `$${i + 1}::${type === 'text[]' ? 'text' : type}[]`);
    const selects = columns.map(([n, type]) => (type === 'text[]' ? `u."${n}"::text[]` : `u."${n}"`));
    this.sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selects.join(', ')} FROM unnest(${params.join(', ')}) AS u(${names.join(', ')})`;
    this.cols = columns.map(() => []);
  }
  async add(...values: unknown[]): Promise<void> {
    for (let i = 0; i < this.cols.length; i++) this.cols[i]!.push(values[i] ?? null);
    if (this.cols[0]!.length >= this.batchSize) await this.flush();
  }
  async flush(): Promise<void> {
    const n = this.cols[0]!.length;
    if (!n) return;
    const cols = this.cols;
    this.cols = cols.map(() => []);
    try {
      await this.tx.query(this.sql, cols);
    } catch (err) {
      // The driver's error carries every parameter; thousands of rows are no help in a log.
      const e = err as { message?: string; detail?: string };
      throw new Error(`seeding ${this.table}: ${e.message ?? String(err)}${e.detail ? ` (${e.detail})` : ''}`);
    }
    this.inserted += n;
  }
}

const pgTextArray = (items: readonly string[]): string => `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

// ---------------------------------------------------------------- vocabulary

const firstNames = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan',
  'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Sandra', 'Paul',
  'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Kevin', 'Donna', 'Brian', 'Michelle', 'George', 'Carol', 'Oliver', 'Sophie', 'Lukas',
  'Hannah', 'Pierre', 'Camille', 'Marco', 'Giulia', 'Sven', 'Ingrid', 'Pavel', 'Olga', 'Raj', 'Priya', 'Kenji', 'Yuki', 'Diego', 'Lucia',
  'Ahmed', 'Fatima', 'Tom', 'Anna', 'Jan', 'Eva', 'Mikko', 'Aino',
];
const lastNames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams',
  'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart',
  'Mueller', 'Schmidt', 'Dubois', 'Moreau', 'Rossi', 'Bianchi', 'Lindqvist', 'Hansen', 'Novak', 'Ivanova', 'Sharma', 'Patel', 'Tanaka', 'Sato',
  'Garcia', 'Lopez', 'Haddad', 'Kowalski', 'Virtanen', 'Jansen', 'OBrien', 'Murphy',
];
const companyFirst = [
  'Blue Harbor', 'Crimson Oak', 'Silver Fern', 'Golden Gate', 'Northwind', 'Red Maple', 'Green Valley', 'Sunrise', 'Pine Ridge', 'Urban',
  'Coastal', 'Summit', 'Lakeside', 'Old Mill', 'Bright Star', 'Iron Bridge', 'Cedar Creek', 'Riverstone', 'Highland', 'Copper Kettle', 'Wild Rose',
  'Evergreen', 'Maple Leaf', 'Harborview', 'Stonewall', 'Willow', 'Blackbird', 'Prairie', 'Seaside', 'Oakwood', 'Velvet', 'Atlas', 'Nordic',
  'Alpine', 'Sapphire', 'Amber', 'Hillcrest', 'Meadow', 'Falcon', 'Orchard', 'Granite', 'Lighthouse', 'Bluebell', 'Foxglove', 'Driftwood',
  'Starlight', 'Thistle', 'Juniper', 'Moonstone', 'Redwood',
];
const companySecond = [
  'Outfitters', 'Crafts', 'Electronics', 'Books', 'Pet Supply', 'Tea Company', 'Coffee Roasters', 'Garden Center', 'Toys', 'Apparel', 'Jewelry',
  'Home Goods', 'Bike Shop', 'Wine Cellar', 'Music Store', 'Art Supplies', 'Outdoor Gear', 'Cosmetics', 'Kitchenware', 'Gifts', 'Hardware',
  'Sports', 'Candles', 'Leather Goods', 'Shoes', 'Optics', 'Furniture', 'Textiles', 'Pharmacy', 'Bakery Supplies', 'Auto Parts', 'Computers',
  'Stationery', 'Fishing Tackle', 'Games', 'Lighting', 'Perfumery', 'Baby Store', 'Fabrics', 'Ceramics',
];
const companyQualifiers = ['& Sons', 'Trading', 'Direct', 'Online', 'Express', 'International', 'Studio', 'Depot', 'Emporium', 'House', 'Market', 'Boutique', 'Collective', 'Works', 'Outlet'];
const companySuffix = ['Ltd', 'LLC', 'Inc.', 'GmbH', 'Co.', '', '', 'S.A.', 'Oy', 'B.V.'];
const staffExtra: Array<{ first: string; last: string; role: 'staff.engineer' | 'staff.billing' | 'staff.dispatcher'; departments: string[] }> = [
  { first: 'Tanya', last: 'Orlova', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Mike', last: 'Brennan', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Ravi', last: 'Kumar', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Lena', last: 'Fischer', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Dmitry', last: 'Sokolov', role: 'staff.engineer', departments: ['Tech support', 'Projects'] },
  { first: 'Grace', last: 'Okafor', role: 'staff.engineer', departments: ['Tech support'] },
  { first: 'Hugo', last: 'Lambert', role: 'staff.engineer', departments: ['Projects'] },
  { first: 'Ines', last: 'Carvalho', role: 'staff.engineer', departments: ['Projects'] },
  { first: 'Sam', last: 'Porter', role: 'staff.billing', departments: ['Sales'] },
  { first: 'Nina', last: 'Vasquez', role: 'staff.billing', departments: ['Sales'] },
  { first: 'Oscar', last: 'Lindgren', role: 'staff.billing', departments: ['Billing'] },
  { first: 'Petra', last: 'Horvat', role: 'staff.dispatcher', departments: [] },
];

interface ProductDef {
  name: 'X-Cart' | 'LiteCommerce' | 'Sales-n-Stats';
  code: string;
  editions: ReadonlyArray<readonly [string, number, number]>; // name, weight, price in cents
  versions: ReadonlyArray<readonly [string, number]>;
  addons: ReadonlyArray<readonly [string, number]>; // name, price in cents
  skins: ReadonlyArray<readonly [string, number]>;
}
const products: readonly ProductDef[] = [
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
const productByName = (name: string): ProductDef => products.find((p) => p.name === name)!;
const currentVersion: Record<ProductDef['name'], string> = { 'X-Cart': '4.1.9', LiteCommerce: '2.2.35', 'Sales-n-Stats': '1.1.2' };
const pointPackages: ReadonlyArray<readonly [number, number]> = [[10, 7000], [25, 15000], [50, 27500], [100, 50000], [250, 110000]];
const hostingPlans = ['Starter (5 GB)', 'Business (20 GB)', 'Business Plus (50 GB)', 'Dedicated VPS'];
const gateways = ['Authorize.Net', 'PayPal Pro', '2Checkout', 'WorldPay', 'LinkPoint', 'Protx', 'Moneris', 'CyberSource'];
const carriers = ['UPS', 'FedEx', 'USPS', 'Canada Post', 'DHL', 'Royal Mail', 'Australia Post'];
const regions = ['California', 'Ontario', 'EU', 'UK', 'New York', 'Quebec', 'Texas', 'Germany'];
const phpFiles = {
  'X-Cart': ['include/func/func.order.php', 'include/func/func.cart.php', 'cart.php', 'include/checkout_init.php', 'payment/cc_authorizenet.php',
    'include/func/func.shipping.php', 'include/search.php', 'admin/import.php', 'include/func/func.mail.php', 'skin1/customer/main/cart.tpl',
    'include/func/func.core.php', 'product.php', 'home.php', 'include/func/func.db.php', 'modules/Gift_Certificates/func.php'],
  LiteCommerce: ['classes/kernel/Cart.php', 'classes/kernel/Order.php', 'classes/modules/AOM/kernel/Order.php', 'cart.php', 'classes/base/Database.php',
    'skins/default/en/checkout/checkout.tpl', 'classes/kernel/Shipping.php', 'classes/dialog/checkout.php', 'classes/kernel/Mailer.php'],
  'Sales-n-Stats': ['snsconfig.php', 'include/reports.php', 'include/collector.php', 'admin/stats.php'],
} as const;

interface Topic {
  subjects: readonly string[];
  problem: readonly string[];
  answer: readonly string[];
  department?: 'Billing';
}

const techTopics: readonly Topic[] = [
  {
    subjects: ['Checkout page blank after upgrade to {v}', 'Blank page on checkout since the {v} upgrade', 'Empty checkout page ({p} {v})'],
    problem: ['After we upgraded our store to {v} yesterday the checkout page shows a completely blank page. The cart itself works, but as soon as a customer clicks "Checkout" nothing is displayed.',
      'Since the upgrade to {v} the checkout step is empty: no error, no HTML, just a white page. View source shows nothing at all.'],
    answer: ['The blank page was caused by a PHP fatal error in {file}: the upgrade pack did not replace one of the modified templates. I have merged your changes into the new template and the checkout works again.',
      'Your server has display_errors switched off, so the fatal error "Call to undefined function func_get_langvar_by_name()" was hidden. The file {file} was left from the previous version; I replaced it with the one from the {v} distribution.'],
  },
  {
    subjects: ['Payment via {gateway} fails with error {code}', '{gateway}: transaction declined with code {code}', 'Cannot accept payments through {gateway}'],
    problem: ['All payments through {gateway} fail since this morning with the error code {code}. The customers are redirected back to the cart with "Transaction declined" although their cards are fine.',
      'Our customers cannot pay with {gateway}. The order gets status "Failed" and the log shows response code {code}.'],
    answer: ['Error {code} means that the gateway rejected the request because the transaction key is wrong. It looks like {gateway} regenerated your key; please update it in Admin area -> Payment methods -> {gateway} -> Configure.',
      'The gateway changed its API endpoint and your module still posts to the old URL. I have applied the patch for {file}; please place a test order to confirm.'],
  },
  {
    subjects: ['Cannot log in to the admin area after moving to a new server', 'Admin login redirects back to the login form', 'Locked out of admin panel'],
    problem: ['We moved the store to a new hosting account and now the admin login just reloads the login page, without any error message.',
      'Since yesterday nobody can log in to the admin area. The password is correct (we reset it twice), but we are always redirected back to the login form.'],
    answer: ['The session cookies were issued for the old domain: $xcart_http_host in config.php still pointed to the old server. I corrected the host settings and you can log in again.',
      'The sessions directory on the new server was not writable, so the session was lost after every request. I changed the permissions of var/sessions to 777 (your host runs PHP as the Apache user).'],
  },
  {
    subjects: ['Product images not displayed in category list', 'Thumbnails missing on category pages', 'Images broken after moving images to file system'],
    problem: ['The product thumbnails are missing on all category pages. On the product page itself the image is shown correctly.',
      'After we switched image storage from the database to the file system all thumbnails show as broken images.'],
    answer: ['The images were moved to the file system but the web server cannot read the images/T directory. I fixed the permissions and regenerated the thumbnails.',
      'The thumbnail URLs were built from the HTTP host while your store is on HTTPS only. I updated the image location settings and cleared the templates cache.'],
  },
  {
    subjects: ['Shipping rates from {carrier} are not calculated', '{carrier} real-time rates return nothing', 'No shipping methods available at checkout'],
    problem: ['At checkout the customers see "No shipping methods available". We use real-time rates from {carrier} and it worked until last week.',
      '{carrier} real-time rates stopped working. Only the flat rate method appears at checkout.'],
    answer: ['{carrier} retired the old rating API. I have installed the updated shipping module for {v}; rates are returned again for domestic and international addresses.',
      'The weights of several products were 0, and {carrier} refuses to quote a zero weight. I set a default weight in the shipping options; please check your product weights as well.'],
  },
  {
    subjects: ['Fatal error: Allowed memory size exhausted in {file}', 'PHP memory limit error on the products page', 'Memory exhausted error after adding products'],
    problem: ['We get "Fatal error: Allowed memory size of 33554432 bytes exhausted (tried to allocate 71 bytes) in {file}" when opening the products list in the admin area.',
      'Since we imported about {n} products the storefront shows a memory limit error on some pages.'],
    answer: ['The memory limit of 32M is too low for a catalog of this size. I raised memory_limit to 128M in .htaccess; please ask your host to raise it in php.ini permanently.',
      'The category tree was being loaded completely on every page. I enabled the category cache (Admin area -> General settings -> Performance), which fixes the memory error.'],
  },
  {
    subjects: ['Order notification emails are not sent', 'Customers do not receive order confirmation emails', 'No emails from the store since {date}'],
    problem: ['Neither we nor our customers receive the order notification emails any more. Orders are placed correctly.',
      'Our customers complain that they never got an order confirmation. The admin notifications do not arrive either.'],
    answer: ['The PHP mail() function is disabled on your new server. I switched the store to SMTP using the mail server of your hosting account; test emails are delivered now.',
      'The emails were rejected by the receiving servers because the "From" address used a domain without an SPF record. I changed the sender address to orders@ your domain; please add the SPF record as well.'],
  },
  {
    subjects: ['Category pages load very slowly ({n} products)', 'Store became very slow', 'Storefront takes 20 seconds to load'],
    problem: ['Our category pages take 15-20 seconds to load. We have around {n} products and the server is not overloaded.',
      'The store has become very slow during the last weeks, especially the home page and the search.'],
    answer: ['Two indexes were missing on the products table after the upgrade. I added them and the category pages now load in under a second.',
      'The statistics module was writing a row for every page view into a table with several million rows. I cleaned the table and disabled the detailed statistics.'],
  },
  {
    subjects: ['Search returns no results for product codes', 'Product search does not find SKUs', 'Search broken after import'],
    problem: ['When a customer searches by product code (SKU) the search returns nothing, although the products exist and are enabled.',
      'After the last import the search does not find any of the new products.'],
    answer: ['The search by SKU was disabled in the search settings. I enabled "Search in product code" and it works now.',
      'The imported products had no entries in the search index. I rebuilt the index from Admin area -> Tools -> Rebuild search index.'],
  },
  {
    subjects: ['Mixed content warnings on the HTTPS checkout', 'Browser shows "not secure" on checkout', 'SSL padlock missing on payment page'],
    problem: ['Browsers show a warning that the checkout page is not fully secure. Our SSL certificate is valid.',
      'On the payment step the padlock is crossed out and Internet Explorer asks whether to display the nonsecure items.'],
    answer: ['Several images in your custom header were linked with http:// URLs. I changed them to relative URLs in the skin templates; the checkout is fully secure now.',
      'The banner script you added to the footer loads over HTTP. I moved it to the non-secure pages only.'],
  },
  {
    subjects: ['Orders export to CSV produces broken file', 'Exported orders file cannot be opened in Excel', 'CSV export cuts off after 500 orders'],
    problem: ['When we export orders to CSV the file is cut off and Excel shows the columns shifted.',
      'The orders export stops after about 500 orders and the resulting file is incomplete.'],
    answer: ['Some customer notes contained line breaks and semicolons, which broke the CSV. I applied the export fix for {v} that quotes such fields.',
      'The export hit the PHP execution time limit. I set the export to run in chunks of 200 orders; the full export works now.'],
  },
  {
    subjects: ['Customers are logged out when adding to cart', 'Cart empties randomly', 'Session lost between pages'],
    problem: ['Some customers report that the cart becomes empty or they are logged out after adding a product.',
      'Randomly the cart loses its contents when the customer moves from the product page to the cart.'],
    answer: ['Your store is accessible both with and without "www", and the cookies were set for one of them only. I added a redirect to the www host in .htaccess.',
      'The session garbage collector on your server removes sessions after 3 minutes. I set the session lifetime in the store settings to 1 hour.'],
  },
  {
    subjects: ['Taxes calculated twice for {region} customers', 'Wrong tax amount at checkout', 'Sales tax applied to shipping by mistake'],
    problem: ['For customers from {region} the tax is added twice at checkout.',
      'The tax amount at checkout does not match our tax rates for {region}.'],
    answer: ['You had two tax rates defined for the same zone ({region}). I removed the duplicate rate and checked the totals with a test order.',
      'The "Apply tax to shipping" option was enabled for the {region} zone. I disabled it as you requested.'],
  },
  {
    subjects: ['Upgrade from {vOld} to {v} failed', 'Upgrade pack {vOld}-{v} reports failed patches', 'Problems after upgrading to {v}'],
    problem: ['We tried to upgrade from {vOld} to {v} with the upgrade pack and it reported failed patches for several files.',
      'The upgrade from {vOld} to {v} stopped halfway and now parts of the store show errors.'],
    answer: ['The failed patches were in templates you had customized. I applied the changes manually and finished the upgrade; please review your custom design.',
      'I restored the files from your backup and ran the upgrade again with the corrected patch. The store now runs {v}.'],
  },
  {
    subjects: ['Installing the {addon} add-on breaks the product page', '{addon} add-on: product page error', 'Error after enabling {addon}'],
    problem: ['After installing the {addon} add-on the product pages show a Smarty error.',
      'We enabled {addon} and now some product pages show "Error: template not found".'],
    answer: ['The add-on templates were installed into the default skin only, while you use a custom skin. I copied the templates to your skin directory.',
      'The {addon} version you installed is for an older release. I have uploaded the version for {v} to your File area and installed it.'],
  },
  {
    subjects: ['Gift certificates cannot be applied at checkout', 'Coupon codes ignored on sale items', 'Discount not applied to the order total'],
    problem: ['Customers enter a valid gift certificate or coupon code but the discount is not applied to the order total.',
      'The discount coupon is accepted but the total does not change.'],
    answer: ['The coupon was limited to a category that does not contain the sale items. I changed the coupon to apply to the whole order.',
      'This is a known issue of {v}; I applied the fix from the upcoming maintenance release to {file}.'],
  },
  {
    subjects: ['Import of {n} products stops halfway', 'Product import timeout', 'CSV import: "Wrong format" error'],
    problem: ['We try to import {n} products from a CSV file but the import stops after a few thousand rows without an error.',
      'The import reports "Wrong format of the data" although the file was exported from the same store.'],
    answer: ['The import hit the server time limit. I split your file into several parts and imported all {n} products.',
      'The file was saved by Excel with a different delimiter. Please save it as CSV with ";" as the separator, or use the attached corrected file.'],
  },
  {
    subjects: ['Template changes do not show up', 'Changes in skin templates have no effect', 'Cannot change the home page text'],
    problem: ['We edited the home page template but the storefront still shows the old text.',
      'Our designer changed several templates, but nothing changes in the storefront.'],
    answer: ['The compiled templates cache was not cleared. I cleaned the templates_c directory; your changes are visible now.',
      'Your designer edited the templates of the default skin, but the store uses another one. I moved the changes to the active skin.'],
  },
  {
    subjects: ['Database error after restoring backup', 'SQL error on every page after restore', 'Table crashed error'],
    problem: ['After we restored a database backup every page shows "INVALID SQL: 1146 : Table does not exist".',
      'The storefront shows "Table is marked as crashed and should be repaired".'],
    answer: ['The backup was restored into a database with a different table prefix. I renamed the tables and the store works again.',
      'The sessions table was crashed. I repaired it with REPAIR TABLE and set up a weekly check in your cron.'],
  },
  {
    subjects: ['Security patch for {v}: how to apply?', 'Do we need the latest security fix?', 'Question about the security advisory'],
    problem: ['We received the security advisory. Does it apply to {v} and how do we apply the patch?',
      'Is our store ({p} {v}) affected by the vulnerability from the latest security alert?'],
    answer: ['Yes, {v} is affected. The patch is in your File area under "X-Cart supporting files for prev versions"; I have already applied it to your store.',
      'Your version is affected. I applied the patch to {file} and checked that the storefront and the admin area work normally.'],
  },
  {
    subjects: ['Inventory not updated after order is placed', 'Stock levels wrong', 'Products show "out of stock" while in stock'],
    problem: ['The stock levels are not decreased when an order is placed.',
      'Several products show "Out of stock" although we have them in stock and the quantity is set correctly.'],
    answer: ['Inventory tracking was disabled for the product variants. I enabled it in the general settings and recalculated the stock.',
      'The products had variants with zero stock, and the store treats the product as out of stock if the default variant is. I set another default variant.'],
  },
];
const salesTopics: readonly Topic[] = [
  {
    subjects: ['Upgrade from {p} Gold to Pro: price?', 'Price for upgrading to the Pro edition'],
    problem: ['We would like to upgrade our license to the Pro edition. What is the price and do we keep our add-ons?'],
    answer: ['The upgrade costs the difference between the editions. Your add-ons remain registered to the license. I have issued an invoice in the "Invoices" section of your account.'],
  },
  {
    subjects: ['Need a second license for a new store', 'License for an additional domain'],
    problem: ['We are opening a second store on another domain. Do we need another license or can we use the existing one?'],
    answer: ['Each license is valid for one store URL, so the second store needs its own license. You can order it on the "Buy products/services" page; the order is usually verified within one business day.'],
  },
  {
    subjects: ['Change hosting plan to {plan}', 'Upgrade our hosting plan', 'Hosting plan change request'],
    problem: ['Our store has grown and we need more space. Please move our hosting to the {plan} plan.'],
    answer: ['I have scheduled the move to the {plan} plan for tonight; the store will be unavailable for about 10 minutes. The difference will be invoiced with the next renewal.'],
  },
  {
    subjects: ['Is {addon} compatible with {v}?', 'Question about the {addon} add-on'],
    problem: ['Before we buy the {addon} add-on: is it compatible with {p} {v} and our custom skin?'],
    answer: ['Yes, {addon} supports {v}. Custom skins may need small template changes; our Projects team can do them if you wish.'],
  },
  {
    subjects: ['Buying a support points package', 'Which support points package should we buy?'],
    problem: ['How many support points do we need for a month of regular questions? Is there a discount for larger packages?'],
    answer: ['Most of our customers of your size use 25-50 points a month. The 100 points package comes with a discount of about 10%.'],
  },
  {
    subjects: ['Invoice #{n}: payment by bank transfer', 'Can we pay the invoice by wire transfer?'],
    problem: ['We would like to pay invoice #{n} by bank transfer instead of credit card. Please send us your bank details.'],
    answer: ['Of course. Our bank details are in the attached PDF; please put the invoice number in the payment reference. The order is verified as soon as the payment arrives.'],
    department: 'Billing',
  },
  {
    subjects: ['Our order is still pending', 'Where is my license after payment?'],
    problem: ['We paid for the license two days ago but it still has the "Pending" status and the File area is empty.'],
    answer: ['Your order has been verified and the license is active now; the files are available in your File area. Sorry for the delay.'],
    department: 'Billing',
  },
  {
    subjects: ['VAT number on invoices', 'Please add our VAT ID to the invoice'],
    problem: ['Please add our VAT number to the invoices; our accountant needs it for the reverse charge.'],
    answer: ['I have added your VAT number to the account profile; it will be printed on all new invoices and I reissued the last one.'],
    department: 'Billing',
  },
  {
    subjects: ['Refund request for unused support points', 'Can we get a refund?'],
    problem: ['We bought a larger points package than we need. Is it possible to get a refund for the unused points?'],
    answer: ['Support points are not refundable, but they do not expire and can be transferred along with a license. I added a note to your account.'],
    department: 'Billing',
  },
  {
    subjects: ['Reseller program for web agencies', 'Partner discount for our agency'],
    problem: ['We are a web agency and build several stores a year. Do you have a reseller or partner program?'],
    answer: ['Yes, agencies get a partner discount starting with the third license. I have sent the partner agreement to your contact email.'],
  },
];
const projectTopics: readonly Topic[] = [
  {
    subjects: ['Install {p} {v} on our server', 'Installation service for {p}'],
    problem: ['We ordered the installation service. The server is ready; access details are posted in the access info tab.'],
    answer: ['The installation is complete: {p} {v} runs at your URL, the admin account was sent to your contact email. Please change the password after the first login.'],
  },
  {
    subjects: ['Custom shipping module for {carrier}', 'Quote for a custom {carrier} integration'],
    problem: ['We need a custom shipping module for {carrier} with our negotiated rates. Could you give us a quote?'],
    answer: ['The module is ready and installed on your store; it uses your negotiated rates table. The estimate was 12 hours, the work took 10.'],
  },
  {
    subjects: ['Design integration: new skin from our designer', 'Convert our PSD design into a skin'],
    problem: ['Our designer prepared a new design (PSD files attached). Please convert it into a skin for our store.'],
    answer: ['The new skin is installed on a copy of your store for review. Please check it and tell us if anything should be changed before we switch the live store.'],
  },
  {
    subjects: ['Migration of products from osCommerce', 'Move our catalog from another shopping cart'],
    problem: ['We want to move our catalog and customer accounts from osCommerce to {p}. About {n} products.'],
    answer: ['All {n} products, categories and customer accounts were migrated. Customer passwords cannot be migrated, so the customers will be asked to set a new one.'],
  },
  {
    subjects: ['Upgrade our store from {vOld} to {v}', 'Upgrade service request'],
    problem: ['Please upgrade our heavily customized store from {vOld} to {v}. We want to keep all modifications.'],
    answer: ['The upgrade to {v} is done on the copy of your store; all customizations were ported. Please test it, and we will switch the live store at a time you choose.'],
  },
  {
    subjects: ['Integration with our ERP (CSV export)', 'Automatic order export for our warehouse'],
    problem: ['Our warehouse system needs a daily CSV export of new orders in a specific format (attached).'],
    answer: ['The export runs every night at 02:00 and uploads the file to your FTP server in the requested format.'],
  },
];
const complaintTopics: readonly Topic[] = [
  {
    subjects: ['Ticket #{ticket} not answered for days', 'Nobody answers our ticket #{ticket}'],
    problem: ['Our ticket #{ticket} has been waiting for an answer for three days. This is not the service we pay for.'],
    answer: ['I apologize for the delay in ticket #{ticket}; it was waiting in the wrong department. It has been answered now, and we will not charge points for it.'],
  },
  {
    subjects: ['Points charged for a bug in your software', 'Why were we charged for ticket #{ticket}?'],
    problem: ['We were charged support points for ticket #{ticket}, although the problem was a bug in your software.'],
    answer: ['You are right, the problem in #{ticket} was a bug. I have credited the points back to your account.'],
  },
  {
    subjects: ['Your engineer broke our product pages', 'Changes made by support broke the store'],
    problem: ['After your engineer applied a fix yesterday several product pages show errors. Please fix this immediately.'],
    answer: ['The patch overwrote one of your custom templates. We restored it from the backup made before the change; everything works again. Sorry for the trouble.'],
  },
  {
    subjects: ['HotRush ticket took hours to answer', 'We paid for HotRush and waited 5 hours'],
    problem: ['We marked ticket #{ticket} as HotRush and the first answer came after five hours.'],
    answer: ['The HotRush ticket was delayed because of a problem in our queue. The HotRush surcharge has been refunded to your account.'],
  },
];
const topicsByType: Record<Exclude<TicketType, 'log'>, readonly Topic[]> = { tech: techTopics, sales: salesTopics, project: projectTopics, complaint: complaintTopics };

const subjectPrefixes = ['', '', '', '', '', '', '', '', 'URGENT: ', 'Urgent - ', 'Question: ', 'Help: ', '[{p} {v}] '];
const customerGreetings = ['Hello,', 'Hi,', 'Hi there,', 'Hello support team,', 'Dear support,', 'Good morning,', 'Good afternoon,', ''];
const customerContext = [
  'We are running {p} {v} on a shared hosting account (PHP 5.2, MySQL 5.0).',
  'The store is at {url}.',
  'Nothing was changed on our side, as far as I know.',
  'It works fine in your demo store.',
  'Our hosting provider says that the server is fine.',
  'We have a custom skin made by a freelancer last year.',
  'The problem appears in Firefox and Internet Explorer alike.',
  'It started right after our hosting company updated PHP.',
  'We did not apply any patches since the installation.',
  'I have attached a screenshot of the error.',
  'The problem happens only for some customers, not for all of them.',
  'We can reproduce it every time with a test order.',
  'Server access is posted in the "Post access info" tab.',
  'Our developer has already looked at it but could not find the reason.',
  'This is our busiest season, so we need this fixed quickly.',
  'We have about {n} orders a day.',
];
const customerUrgency = [
  'We are losing orders because of this!', 'Please help asap.', 'It is not urgent, but please have a look when you can.',
  'Please treat this as a priority.', 'Thank you for your help.', '', '',
];
const customerClosings = ['Thanks,\n{first}', 'Regards,\n{first} {last}\n{company}', 'Thank you in advance.\n{first}', 'Best,\n{first}', 'Cheers,\n{first}', '{first} {last}', 'Kind regards,\n{first} {last}'];
const customerInfo = [
  'I have posted the FTP and admin area access in the "Post access info" tab.',
  'Here is the exact error message we get: "{error}".',
  'I tried what you suggested, but the problem is still there.',
  'The server runs PHP 5.2.17 and MySQL 5.0.91.',
  'Yes, we use a custom skin, based on the default one.',
  'I cleared the templates cache as you said; no change.',
  'The problem happens on {url} on the checkout step.',
  'We did modify {file} about a year ago, to add a field for the gift message.',
  'Our host confirmed that safe_mode is off and the memory limit is 64M.',
  'Attached is the error log from today.',
  'It works now for new orders, but the old orders still show the wrong totals.',
  'Could you please also check why the invoice emails have no logo?',
  'Please go ahead and apply the patch; we have a fresh backup.',
  'Sorry for the late reply, I was away for a few days.',
  'I do not see the files you mentioned in our File area.',
  'What exactly should we change in config.php?',
];
const customerNudges = ['Any news on this?', 'Hello? We are still waiting for an answer.', 'Could you please give us an update?', 'Is anyone working on this ticket?', 'Please reply, the problem is still there.', 'Just checking whether you received our last message.'];
const customerThanks = ['Thank you, it works now!', 'Great, that fixed it. You can close the ticket.', 'Everything works. Thanks for the quick help!', 'Perfect, thank you very much.', 'Confirmed, the problem is gone. Thanks a lot.'];
const customerReopen = ['Unfortunately the problem is back since this morning.', 'Sorry to reopen this, but the same error appeared again after we added new products.', 'The issue came back after our host restarted the server.', 'It worked for a few days, but now we see exactly the same problem again.'];
const customerNevermind = ['Please ignore this ticket, our developer found the problem.', 'Never mind, it was a caching issue on our side. Sorry for the trouble.', 'We found the reason ourselves, you can close this ticket.', 'Problem solved: our hosting company fixed it.'];
const staffGreetings = ['Hello {first},', 'Dear {first},', 'Hi {first},', 'Hello,', 'Dear customer,'];
const staffAsks = [
  'Could you please post the FTP and admin area access in the "Post access info" tab, so that we can investigate the problem on your server?',
  'Please send us the exact error message and the URL of the page where it happens.',
  'Which PHP and MySQL versions does your server run? You can see them in Admin area -> Summary.',
  'Did you apply any modifications to the default templates or to {file}?',
  'Could you enable the debug mode (Admin area -> General settings -> Maintenance) and reproduce the problem once more?',
  'Please check whether the problem also happens with the default skin.',
  'Could you tell us the order number of one of the affected orders?',
  'We could not reproduce the problem on a clean {v} installation. Please describe the exact steps.',
  'Please make a full backup (files and database) before we continue, and let us know when it is done.',
];
const staffFollowUps = [
  'I have checked your store and found the reason.',
  'Thank you for the access details.',
  'We have investigated the problem.',
  'Sorry for the delay with the answer.',
  'Thank you for your patience.',
  'I have looked into this on your server.',
];
const staffClosers = [
  'Please let us know if you have any further questions.',
  'Please make a backup of your store before applying any further changes.',
  'The fix will also be included in the next maintenance release.',
  'Please check and confirm that everything works on your side.',
  'If the problem appears again, just reply to this ticket.',
  'Feel free to contact us if you need any help.',
];
const engineerNotes = [
  'Reproduced on a clean {v} install.',
  'Customer\'s server runs PHP 5.1 with safe_mode on; that explains the blank page.',
  'Looks like a bug in {file}; filed as {code} in the tracker.',
  'Access info checked: FTP works, the admin password does not.',
  'Configuration issue, not a bug. Rated {cost} points.',
  'Waiting for the customer to post access info.',
  'Same problem as #{ticket}; the patch from there applies.',
  'Escalated to the core team, the fix touches the checkout.',
  'Do not charge: the problem was caused by our own patch.',
  'Customer modified {file} heavily; be careful with the upgrade pack.',
  'Made a backup of the database before the change: backup_{code}.sql.gz.',
  'Checked the error log, nothing relevant since the 10th.',
];
const dispatcherNotes = [
  'Classified as {type}, {cost} points. Forwarded to {dept}.',
  'HotRush: please pick up asap.',
  'Customer marks nearly every ticket Major; the standing rule applies.',
  'Possibly a duplicate of #{ticket}, please check before answering.',
  'Rated {cost} points.',
  'Forwarded to {dept}: not a tech question.',
  'Long-time customer, please handle with care.',
];
const errorMessages = [
  'Fatal error: Call to a member function on a non-object',
  'Warning: Cannot modify header information - headers already sent',
  'INVALID SQL: 1054 : Unknown column \'p.forsale\' in \'where clause\'',
  'Smarty error: unable to read resource: "customer/main/cart.tpl"',
  'Transaction declined (error 10417)',
  'Parse error: syntax error, unexpected T_STRING',
  'Error: Access denied for user \'shop\'@\'localhost\'',
];
const attachmentNames = {
  customer: ['screenshot.png', 'checkout-error.png', 'error_log.txt', 'phpinfo.html', 'cart.tpl', 'orders-export.csv', 'products.csv', 'design-mockup.pdf', 'invoice-scan.pdf'],
  staff: ['fix-checkout.diff', 'patch-{v}.tgz', 'instructions.pdf', 'corrected-import.csv', 'shipping-module.tgz'],
} as const;

// ---------------------------------------------------------------- plans

type Habit = 'major' | 'minor' | 'mixed';

interface UserPlan {
  id: number;
  accountId: number | null;
  email: string;
  first: string;
  last: string;
  role: string;
  createdAt: number;
  /** Staff only: department names. */
  departments?: string[];
}

interface LicensePlan {
  id: number;
  key: string;
  product: ProductDef['name'];
  kind: LicenseKind;
  edition: string;
  version: string;
  url: string;
  accountId: number;
  parentId: number | null;
  status: LicenseStatus;
  certificate: string;
  createdAt: number;
  updatedAt: number;
  priceCents: number;
  /** Bought by this account (an order exists), rather than received by a transfer. */
  ordered: boolean;
  verifiedAt: number | null;
}

interface AccountPlan {
  id: number;
  company: string;
  domain: string;
  createdAt: number;
  habit: Habit;
  weight: number;
  primary: UserPlan;
  users: UserPlan[];
  newsletter: string[];
  licenses: LicensePlan[];
  standing: number;
  charges: number;
  demo: boolean;
  /** Tickets in id order, filled while writing (follow-ups, merges and splits look back). */
  written: TicketPlan[];
}

/** Kinds of conversation events; each picks its own text. */
const EV = {
  open: 0, info: 1, nudge: 2, thanks: 3, reopen: 4, nevermind: 5, ask: 6, answer: 7, note: 8, dispatch: 9, log: 10,
} as const;
type EvKind = (typeof EV)[keyof typeof EV];
const customerEvents: ReadonlySet<number> = new Set([EV.open, EV.info, EV.nudge, EV.thanks, EV.reopen, EV.nevermind]);
const noteEvents: ReadonlySet<number> = new Set([EV.note, EV.dispatch]);
/** Author placeholders resolved once the account is known. */
const AUTHOR_TICKET = -1;
const AUTHOR_OTHER_CUSTOMER = -2;

type CloseMode = 'auto' | 'thanks' | 'silent' | 'staff' | 'nevermind' | 'merged';

interface TicketPlan {
  account: AccountPlan;
  authorId: number | null;
  type: TicketType;
  topic: number;
  priority: Priority;
  hotRush: boolean;
  status: TicketStatus;
  closeMode: CloseMode | null;
  reopened: boolean;
  departmentId: number | null;
  assigneeId: number | null;
  cost: number;
  chargedPoints: number | null;
  chargedAt: number | null;
  license: LicensePlan | null;
  productVersion: string;
  createdAt: number;
  updatedAt: number;
  clockStartedAt: number | null;
  answeredAt: number | null;
  preClosedAt: number | null;
  closedAt: number | null;
  evStart: number;
  evCount: number;
  id: number;
  number: number;
  subject: string;
  mergedInto: TicketPlan | null;
  followUpOf: TicketPlan | null;
  splitFrom: TicketPlan | null;
  /** Log tickets: the URL changes they record. */
  logEntries?: UrlChangePlan[];
  /** Placeholders for its texts (version, gateway, file...), drawn once. */
  vars?: Record<string, string | number>;
  /** Walks the phrase pools so one conversation does not repeat itself. */
  phrase?: number;
  order: number;
}

interface TransferPlan {
  license: LicensePlan;
  from: AccountPlan;
  to: AccountPlan | null;
  targetEmail: string;
  targetCompany: string;
  targetUrl: string;
  points: number;
  status: 'pending' | 'approved' | 'rejected' | 'accepted' | 'cancelled';
  signature: string | null;
  reason: string | null;
  createdAt: number;
  decidedAt: number | null;
  acceptedAt: number | null;
  newLicense: LicensePlan | null;
}

interface UrlChangePlan {
  license: LicensePlan;
  account: AccountPlan;
  oldUrl: string;
  newUrl: string;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  reason: string | null;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
}

interface InvoicePlan {
  id: number;
  accountId: number;
  description: string;
  amountCents: number;
  items: unknown[];
  status: 'unpaid' | 'paid' | 'cancelled';
  providerRef: string | null;
  issuedAt: number;
  paidAt: number | null;
}

interface OrderPlan {
  id: number;
  accountId: number;
  invoiceId: number;
  items: unknown[];
  status: 'pending' | 'verified' | 'rejected';
  rejectReason: string | null;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: number | null;
}

interface LedgerPlan {
  accountId: number;
  kind: 'purchase' | 'ticket_charge' | 'transfer_in' | 'transfer_out' | 'adjustment';
  points: number;
  reason: string;
  ticketId: number | null;
  licenseId: number | null;
  orderId: number | null;
  createdBy: number | null;
  createdAt: number;
}

interface HistoryPlan {
  licenseId: number;
  event: string;
  from: number | null;
  to: number | null;
  details: Record<string, unknown>;
  actor: number | null;
  at: number;
}

interface StaffPool {
  all: UserPlan[];
  byEmail: Map<string, UserPlan>;
  /** Weighted members per department id; the demo engineer weighs more in Tech support. */
  members: Map<number, Array<readonly [UserPlan, number]>>;
  dispatchers: UserPlan[];
  billing: UserPlan[];
  admin: UserPlan;
}

// ---------------------------------------------------------------- the generator

export async function generateDemoData(db: Database, opts: GenerateOptions): Promise<GeneratedCounts> {
  return (await generate(db, opts, false))!;
}

/**
 * The same, but only into a database without tickets, checked under a lock inside the
 * generating transaction: two servers starting at once on one PostgreSQL seed it once.
 * Returns null when there were tickets already.
 */
export async function generateDemoDataIfEmpty(db: Database, opts: GenerateOptions): Promise<GeneratedCounts | null> {
  return generate(db, opts, true);
}

async function generate(db: Database, opts: GenerateOptions, onlyIfEmpty: boolean): Promise<GeneratedCounts | null> {
  const gen = new Generator(opts);
  const done = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7270002)');
    if (onlyIfEmpty && (await tx.query('SELECT 1 FROM tickets LIMIT 1')).length) return false;
    if (db.engine === 'pglite') await skipForeignKeyChecks(tx);
    await gen.run(tx);
    return true;
  });
  if (!done) return null;
  // After the commit: a blob without a row is harmless, a row without its blob is not.
  if (opts.blobs) for (const content of gen.blobs.values()) await opts.blobs.put(Readable.from([content]));
  const counts = {} as GeneratedCounts;
  for (const t of seededTables) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    counts[t] = row!.n;
  }
  return counts;
}

/**
 * PGlite checks each foreign key with a query per inserted row, which costs more than the
 * insert itself at a million rows. The generator links rows by construction (and the tests
 * check every foreign key of its output, and run it on PostgreSQL with checks on), so on
 * PGlite this transaction skips the checks, as pg_restore --disable-triggers does. Only
 * while the schema has no triggers of its own, which this would silently skip as well.
 */
async function skipForeignKeyChecks(tx: Queryable): Promise<void> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
  );
  if (row!.n === 0) await tx.query('SET LOCAL session_replication_role = replica');
}

class Generator {
  private readonly now: number;
  private readonly seed: number;
  private readonly totalTickets: number;
  private readonly since: number;
  private readonly rng: (name: string) => Rng;

  private readonly users: UserPlan[] = [];
  private readonly usersById = new Map<number, UserPlan>();
  private readonly accounts: AccountPlan[] = [];
  private readonly licenses: LicensePlan[] = [];
  private readonly transfers: TransferPlan[] = [];
  private readonly urlChanges: UrlChangePlan[] = [];
  private readonly invoices: InvoicePlan[] = [];
  private readonly orders: OrderPlan[] = [];
  private readonly ledger: LedgerPlan[] = [];
  private readonly history: HistoryPlan[] = [];
  private readonly tickets: TicketPlan[] = [];
  /** Contents of the demo files by sha256, stored in the blob store after the commit. */
  readonly blobs = new Map<string, Buffer>();
  private readonly demoFiles = new Map<string, { size: number; sha256: string }>();
  private readonly emails = new Set<string>();
  private readonly keys = new Set<string>();
  private readonly domains = new Set<string>();
  // Conversation events of all tickets, in parallel arrays (a million objects would not be cheap).
  private readonly evTime: number[] = [];
  private readonly evKind: number[] = [];
  private readonly evAuthor: number[] = [];

  private departments = new Map<string, number>();
  private staff!: StaffPool;
  private hash = '';
  private nextId!: Record<'users' | 'accounts' | 'licenses' | 'tickets' | 'messages' | 'invoices' | 'orders' | 'folders', number>;
  private firstNumber = 104000;

  constructor(opts: GenerateOptions) {
    this.now = Math.floor(opts.now);
    this.seed = (opts.seed ?? 1) >>> 0;
    this.totalTickets = Math.max(0, Math.floor(opts.tickets));
    this.since = this.now - historyDays * DAY;
    this.rng = (name) => new Rng(streamSeed(this.seed, name));
  }

  async run(tx: Queryable): Promise<void> {
    const demoIds = await ensureDemoAccounts(tx, this.now);
    this.hash = await hashPassword('switchboard');
    await this.loadBases(tx);
    this.planStaff(demoIds);
    this.planAccounts(demoIds);
    this.planLicenses();
    this.planTransfers();
    this.planUrlChanges();
    this.planTickets();
    this.planStanding();
    this.planBilling();
    this.planPendingOrders();

    await this.writeDirectory(tx);
    await this.writeLicenses(tx);
    await this.writeBilling(tx);
    await this.writeTickets(tx);
    await this.writeLedger(tx);
    await this.writeRequests(tx);
    await this.writeFileArea(tx);
    await this.writeFaq(tx);
    await this.finish(tx);
  }

  /** A demo file's real bytes, kept for the blob store; its size and sha256 for the row. */
  private demoFile(name: string, note: string): { size: number; sha256: string } {
    const key = `${name}\n${note}`;
    let known = this.demoFiles.get(key);
    if (!known) {
      const content = demoFileBytes(name, note);
      known = { size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
      this.blobs.set(known.sha256, content);
      this.demoFiles.set(key, known);
    }
    return known;
  }

  // ------------------------------------------------------------ ids

  private async loadBases(tx: Queryable): Promise<void> {
    const max = async (table: string, col = 'id'): Promise<number> => (await tx.query<{ m: number | null }>(`SELECT max(${col}) AS m FROM ${table}`))[0]?.m ?? 0;
    this.nextId = {
      users: (await max('users')) + 1,
      accounts: (await max('accounts')) + 1,
      licenses: (await max('licenses')) + 1,
      tickets: (await max('tickets')) + 1,
      messages: (await max('ticket_messages')) + 1,
      invoices: (await max('invoices')) + 1,
      orders: (await max('orders')) + 1,
      folders: (await max('file_folders')) + 1,
    };
    this.firstNumber = Math.max(104000, (await max('tickets', 'number')) + 1);
    for (const d of await tx.query<{ id: number; name: string }>('SELECT id, name FROM departments')) this.departments.set(d.name, d.id);
    for (const u of await tx.query<{ id: number; email: string; name: string; role: string; account_id: number | null }>('SELECT id, email, name, role, account_id FROM users')) {
      this.emails.add(u.email.toLowerCase());
      const [first = u.name, ...rest] = u.name.split(' ');
      const plan: UserPlan = { id: u.id, accountId: u.account_id, email: u.email, first, last: rest.join(' '), role: u.role, createdAt: this.now };
      this.usersById.set(u.id, plan);
    }
  }

  private dept(name: string): number {
    const id = this.departments.get(name);
    if (id === undefined) throw new Error(`department "${name}" is missing`);
    return id;
  }

  private uniqueEmail(local: string, domain: string): string {
    const clean = local.toLowerCase().replace(/[^a-z0-9.]/g, '');
    let email = `${clean}@${domain}`;
    for (let n = 2; this.emails.has(email); n++) email = `${clean}${n}@${domain}`;
    this.emails.add(email);
    return email;
  }

  private newUser(accountId: number | null, first: string, last: string, role: string, domain: string, createdAt: number, local?: string): UserPlan {
    const u: UserPlan = { id: this.nextId.users++, accountId, email: this.uniqueEmail(local ?? `${first}.${last}`, domain), first, last, role, createdAt };
    this.users.push(u);
    this.usersById.set(u.id, u);
    return u;
  }

  private user(id: number): UserPlan {
    const u = this.usersById.get(id);
    if (!u) throw new Error(`user ${id} was not planned`);
    return u;
  }

  // ------------------------------------------------------------ people

  private planStaff(demoIds: Record<string, number>): void {
    const r = this.rng('staff');
    const byEmail = new Map<string, UserPlan>();
    const demo = (email: string): UserPlan => {
      const u = this.user(demoIds[email]!);
      byEmail.set(email, u);
      return u;
    };
    const admin = demo('admin@example.com');
    const dispatcher = demo('dispatcher@example.com');
    const engineer = demo('engineer@example.com');
    const billing = demo('billing@example.com');
    const members = new Map<number, Array<readonly [UserPlan, number]>>();
    const join = (deptName: string, u: UserPlan, weight: number) => {
      const id = this.dept(deptName);
      if (!members.has(id)) members.set(id, []);
      members.get(id)!.push([u, weight]);
    };
    join('Tech support', admin, 0.3);
    join('Sales', admin, 0.2);
    join('Billing', admin, 0.2);
    join('Projects', admin, 0.2);
    join('Tech support', engineer, 2.5);
    join('Projects', engineer, 1);
    join('Billing', billing, 2);
    join('Sales', billing, 1);
    const all = [admin, dispatcher, engineer, billing];
    const dispatchers = [dispatcher];
    const billingStaff = [billing];
    const staffCreated = this.now - 3 * 365 * DAY;
    for (const s of staffExtra) {
      const u = this.newUser(null, s.first, s.last, s.role, 'example.com', staffCreated + r.int(0, 700) * DAY);
      all.push(u);
      for (const d of s.departments) join(d, u, 1);
      if (s.role === 'staff.dispatcher') dispatchers.push(u);
      if (s.role === 'staff.billing' && s.departments.includes('Billing')) billingStaff.push(u);
      u.departments = s.departments;
    }
    this.staff = { all, byEmail, members, dispatchers, billing: billingStaff, admin };
  }

  private planAccounts(demoIds: Record<string, number>): void {
    const r = this.rng('accounts');
    const count = Math.max(20, Math.round(this.totalTickets / 20));
    const names = new Set<string>();

    // The demo customer's account exists already; the generator gives it a history.
    const demoPrimary = this.user(demoIds[demoCustomer.email]!);
    const demoAccountId = demoPrimary.accountId!;
    const demoSecondaryUser = this.user(demoIds[demoSecondary.email]!);
    const demoCreated = this.now - 2 * 365 * DAY - 40 * DAY;
    demoPrimary.createdAt = demoCreated;
    demoSecondaryUser.createdAt = demoCreated + 200 * DAY;
    const demoDomain = 'carlascrafts.example';
    this.domains.add(demoDomain);
    this.accounts.push({
      id: demoAccountId, company: demoCustomer.company, domain: demoDomain, createdAt: demoCreated, habit: 'mixed', weight: 0,
      primary: demoPrimary, users: [demoPrimary, demoSecondaryUser], newsletter: ['security_alerts', 'new_products'],
      licenses: [], standing: 0, charges: 0, demo: true, written: [],
    });

    for (let i = 0; i < count; i++) {
      let company = '';
      let base = '';
      for (let attempt = 0; ; attempt++) {
        base = `${r.pick(companyFirst)} ${r.pick(companySecond)}`;
        if (attempt >= 12) base = `${base} ${attempt}`;
        else if (attempt >= 8) base = `${base} of ${r.pick(regions)}`;
        else if (attempt >= 3) base = `${base} ${r.pick(companyQualifiers)}`;
        if (!names.has(base)) break;
      }
      names.add(base);
      const suffix = r.pick(companySuffix);
      company = suffix ? `${base} ${suffix}` : base;
      let domain = base.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');
      if (this.domains.has(`${domain}.example`)) domain = `${domain}-${i}`;
      domain = `${domain}.example`;
      this.domains.add(domain);

      // Most customers are years old; some joined during the last four months.
      const created = r.chance(0.1)
        ? this.now - Math.round(r.range(10, historyDays - 5) * DAY)
        : this.now - Math.round(r.range(historyDays + 10, 6 * 365) * DAY);
      const id = this.nextId.accounts++;
      const first = r.pick(firstNames);
      const last = r.pick(lastNames);
      const primary = this.newUser(id, first, last, 'customer.primary', domain, created);
      const users = [primary];
      const secondaries = r.weighted([[0, 45], [1, 35], [2, 14], [3, 6]] as const);
      for (let s = 0; s < secondaries; s++) {
        const sf = r.pick(firstNames);
        const sl = r.pick(lastNames);
        const at = created + Math.round(r.range(0, Math.max(1, this.now - created - DAY)));
        users.push(r.chance(0.4)
          ? this.newUser(id, sf, sl, 'customer.secondary', domain, at, s === 0 ? 'webmaster' : `${sf}`)
          : this.newUser(id, sf, sl, 'customer.secondary', r.pick(['freelance-dev.example', 'webstudio.example', 'mail.example']), at));
      }
      const habit: Habit = r.weighted([['major', 10], ['minor', 15], ['mixed', 75]] as const);
      const newsletter = newsletterTopics.filter((t) => r.chance(({ company_news: 0.4, promotions: 0.3, security_alerts: 0.6, new_products: 0.4, minor_releases: 0.15 } as const)[t]));
      this.accounts.push({
        id, company, domain, createdAt: created, habit, weight: r.skew(0.9), primary, users, newsletter,
        licenses: [], standing: 0, charges: 0, demo: false, written: [],
      });
    }
  }

  // ------------------------------------------------------------ licenses

  private licenseKey(r: Rng, product: ProductDef, kind: LicenseKind): string {
    const prefix = product.code + (kind === 'addon' ? 'A' : kind === 'skin' ? 'S' : '');
    for (;;) {
      const key = `${prefix}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}`.toUpperCase();
      if (!this.keys.has(key)) {
        this.keys.add(key);
        return key;
      }
    }
  }

  private certificate(l: LicensePlan, company: string, issuedAt: number): string {
    return licenseCertificate(l, company, issuedAt);
  }

  private addLicense(r: Rng, a: AccountPlan, spec: { product: ProductDef; kind: LicenseKind; edition: string; version: string; url: string; parent: LicensePlan | null; status: LicenseStatus; createdAt: number; priceCents: number; ordered: boolean }): LicensePlan {
    const l: LicensePlan = {
      id: this.nextId.licenses++, key: this.licenseKey(r, spec.product, spec.kind), product: spec.product.name, kind: spec.kind, edition: spec.edition,
      version: spec.version, url: spec.url, accountId: a.id, parentId: spec.parent?.id ?? null, status: spec.status, certificate: '',
      createdAt: spec.createdAt, updatedAt: spec.createdAt, priceCents: spec.priceCents, ordered: spec.ordered, verifiedAt: null,
    };
    if (spec.status !== 'pending') {
      l.verifiedAt = spec.ordered ? Math.min(this.now - HOUR, spec.createdAt + Math.round(r.logRange(HOUR, 30 * HOUR))) : spec.createdAt;
      l.updatedAt = l.verifiedAt;
      l.certificate = this.certificate(l, a.company, l.verifiedAt);
    }
    a.licenses.push(l);
    this.licenses.push(l);
    this.history.push({ licenseId: l.id, event: spec.ordered ? 'ordered' : 'issued', from: null, to: a.id, details: { key: l.key }, actor: null, at: spec.createdAt });
    return l;
  }

  private planLicenses(): void {
    const r = this.rng('licenses');
    const demo = this.accounts[0]!;
    {
      const xc = productByName('X-Cart');
      const main = this.addLicense(r, demo, { product: xc, kind: 'main', edition: 'Gold', version: '4.1.9', url: 'https://shop.carlascrafts.example/', parent: null, status: 'active', createdAt: demo.createdAt, priceCents: 24500, ordered: true });
      this.addLicense(r, demo, { product: xc, kind: 'addon', edition: 'X-Affiliate', version: '4.1.9', url: main.url, parent: main, status: 'active', createdAt: demo.createdAt + 90 * DAY, priceCents: 9900, ordered: true });
      this.addLicense(r, demo, { product: xc, kind: 'skin', edition: 'Fashion Mosaic', version: '4.1.9', url: main.url, parent: main, status: 'active', createdAt: demo.createdAt + 91 * DAY, priceCents: 6900, ordered: true });
      const lc = productByName('LiteCommerce');
      this.addLicense(r, demo, { product: lc, kind: 'main', edition: 'Standard', version: '2.2.35', url: 'https://wholesale.carlascrafts.example/', parent: null, status: 'pending', createdAt: this.now - 26 * HOUR, priceCents: 29900, ordered: true });
    }
    let revoked = 0;
    for (const a of this.accounts) {
      if (a.demo) continue;
      // A few accounts are brand new: their first order is still waiting for billing.
      const brandNew = a.createdAt > this.now - 12 * DAY && r.chance(0.3);
      const mains = brandNew ? 1 : r.weighted([[1, 70], [2, 22], [3, 8]] as const);
      for (let m = 0; m < mains; m++) {
        const product = m === 0 ? r.weighted([[products[0]!, 70], [products[1]!, 24], [products[2]!, 6]] as const) : r.weighted([[products[0]!, 50], [products[1]!, 35], [products[2]!, 15]] as const);
        const [edition, , price] = r.weighted(product.editions.map((e) => [e, e[1]] as const));
        const version = r.weighted(product.versions);
        const created = m === 0 ? a.createdAt : a.createdAt + Math.round(r.range(0, Math.max(DAY, this.now - 8 * DAY - a.createdAt)));
        const url = m === 0 ? `https://www.${a.domain}/` : `https://${r.pick(['shop', 'store', 'b2b', 'outlet', 'eu'])}${m > 1 ? m : ''}.${a.domain}/`;
        const status: LicenseStatus = brandNew ? 'pending' : 'active';
        const main = this.addLicense(r, a, { product, kind: 'main', edition, version, url, parent: null, status, createdAt: brandNew ? this.now - Math.round(r.range(2 * HOUR, 5 * DAY)) : created, priceCents: price, ordered: true });
        if (brandNew || !product.addons.length) continue;
        const addons = r.weighted([[0, 45], [1, 30], [2, 15], [3, 10]] as const);
        const used = new Set<string>();
        for (let k = 0; k < addons; k++) {
          const [name, addonPrice] = r.pick(product.addons);
          if (used.has(name)) continue;
          used.add(name);
          const at = main.createdAt + Math.round(r.range(0, Math.max(DAY, this.now - 2 * DAY - main.createdAt)));
          // Add-ons bought in the last days may still wait for verification.
          const pending = at > this.now - 4 * DAY && r.chance(0.5);
          this.addLicense(r, a, { product, kind: 'addon', edition: name, version, url: main.url, parent: main, status: pending ? 'pending' : 'active', createdAt: at, priceCents: addonPrice, ordered: true });
        }
        if (product.skins.length && r.chance(0.15)) {
          const [name, skinPrice] = r.pick(product.skins);
          this.addLicense(r, a, { product, kind: 'skin', edition: name, version, url: main.url, parent: main, status: 'active', createdAt: main.createdAt + Math.round(r.range(0, 30 * DAY)), priceCents: skinPrice, ordered: true });
        }
      }
      // A rare chargeback or license violation revokes a license.
      const active = a.licenses.filter((l) => l.status === 'active' && l.kind === 'main');
      if (active.length > 1 && (r.chance(0.02) || revoked === 0)) {
        const l = active[active.length - 1]!;
        const at = Math.min(this.now - DAY, l.updatedAt + Math.round(r.range(10, 200) * DAY));
        l.status = 'revoked';
        l.updatedAt = at;
        this.history.push({ licenseId: l.id, event: 'revoked', from: a.id, to: null, details: { reason: r.pick(['Payment charged back', 'License used on several domains', 'Order cancelled by the customer']) }, actor: this.staff.billing[0]!.id, at });
        for (const child of a.licenses.filter((c) => c.parentId === l.id)) {
          child.status = 'revoked';
          child.updatedAt = at;
        }
        revoked++;
      }
    }
  }

  private planTransfers(): void {
    const r = this.rng('transfers');
    const others = this.accounts.filter((a) => !a.demo);
    const n = Math.max(5, Math.round(others.length * 0.03));
    const forced: TransferPlan['status'][] = ['accepted', 'approved', 'pending', 'rejected', 'cancelled'];
    const tried = new Set<number>();
    for (let i = 0; i < n * 4 && this.transfers.length < n; i++) {
      const from = r.pick(others);
      const mains = from.licenses.filter((l) => l.kind === 'main' && l.status === 'active' && l.createdAt < this.now - 20 * DAY && !from.licenses.some((c) => c.parentId === l.id));
      if (!mains.length) continue;
      const license = r.pick(mains);
      if (tried.has(license.id)) continue;
      tried.add(license.id);
      const status = forced[this.transfers.length] ?? r.weighted([['accepted', 45], ['approved', 10], ['pending', 20], ['rejected', 15], ['cancelled', 10]] as const);
      const toExisting = status === 'accepted' || status === 'approved' || r.chance(0.5);
      let to: AccountPlan | null = null;
      if (toExisting) {
        for (let k = 0; k < 10 && !to; k++) {
          const cand = r.pick(others);
          if (cand !== from && cand.createdAt < this.now - 30 * DAY) to = cand;
        }
        if (!to) continue;
      }
      const targetFirst = r.pick(firstNames);
      const targetLast = r.pick(lastNames);
      const createdAt = status === 'pending' ? this.now - Math.round(r.range(2 * HOUR, 6 * DAY))
        : status === 'approved' ? this.now - Math.round(r.range(2 * DAY, 12 * DAY))
          : this.now - Math.round(r.range(14, historyDays - 5) * DAY);
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
        const fresh = this.addLicense(r, to, {
          product, kind: 'main', edition: license.edition, version: license.version, url: t.targetUrl, parent: null,
          status: status === 'accepted' ? 'active' : 'not_accepted', createdAt: decided, priceCents: license.priceCents, ordered: false,
        });
        this.history.push({ licenseId: license.id, event: 'transferred', from: from.id, to: to.id, details: { newLicenseId: fresh.id, points: t.points }, actor: this.staff.billing[0]!.id, at: decided });
        if (status === 'accepted') {
          t.acceptedAt = decided + Math.round(r.logRange(HOUR, 5 * DAY));
          t.signature = `/${to.primary.first} ${to.primary.last}/`;
          fresh.updatedAt = t.acceptedAt;
          this.history.push({ licenseId: fresh.id, event: 'accepted', from: null, to: to.id, details: { signature: t.signature }, actor: to.primary.id, at: t.acceptedAt });
        }
        t.newLicense = fresh;
        if (t.points > 0) {
          const reason = `License ${license.key} transferred to ${to.company}`;
          this.ledger.push({ accountId: from.id, kind: 'transfer_out', points: -t.points, reason, ticketId: null, licenseId: license.id, orderId: null, createdBy: this.staff.billing[0]!.id, createdAt: decided });
          this.ledger.push({ accountId: to.id, kind: 'transfer_in', points: t.points, reason: `License ${license.key} transferred from ${from.company}`, ticketId: null, licenseId: fresh.id, orderId: null, createdBy: this.staff.billing[0]!.id, createdAt: decided });
        }
      }
      this.transfers.push(t);
    }
  }

  private planUrlChanges(): void {
    const r = this.rng('url-changes');
    const demo = this.accounts[0]!;
    const n = Math.max(5, Math.round(this.accounts.length * 0.05));
    const forced: UrlChangePlan['status'][] = ['pending', 'approved', 'rejected', 'cancelled'];
    const pendingFor = new Set<number>();
    const approvedFor = new Set<number>();
    const add = (a: AccountPlan, license: LicensePlan, status: UrlChangePlan['status']) => {
      // One pending request per license; one approved change each keeps the URL history simple.
      const seen = status === 'pending' ? pendingFor : status === 'approved' ? approvedFor : null;
      if (seen?.has(license.id)) return;
      seen?.add(license.id);
      const createdAt = status === 'pending' ? this.now - Math.round(r.range(HOUR, 5 * DAY)) : Math.max(license.updatedAt + HOUR, this.now - Math.round(r.range(3, historyDays - 3) * DAY));
      if (createdAt >= this.now - HOUR && status !== 'pending') return;
      const decidedAt = status === 'pending' ? null : Math.min(this.now - 30 * MIN, createdAt + Math.round(r.logRange(HOUR, 30 * HOUR)));
      const u: UrlChangePlan = {
        license, account: a, status, createdAt, decidedAt,
        oldUrl: license.url,
        newUrl: `https://${r.pick(['www', 'shop', 'store', 'secure', 'new'])}.${a.domain.replace('.example', `-${r.pick(['online', 'store', 'shop', 'direct'])}.example`)}/`,
        reason: status === 'rejected' ? r.pick(['The new URL belongs to another company.', 'Please remove the software from the old URL first; it is still running there.']) : status === 'cancelled' ? 'Cancelled by the customer.' : null,
        decidedBy: status === 'approved' || status === 'rejected' ? r.pick(this.staff.billing).id : null,
      };
      if (status === 'approved') {
        // The change is applied: the license moves to the new URL and its certificate is reissued.
        u.newUrl = license.url;
        u.oldUrl = license.url.replace('https://', 'http://').replace(/\/$/, r.pick(['/shop/', '/xcart/', '/store/', '/']));
        if (u.oldUrl === license.url) u.oldUrl = `http://old.${a.domain}/`;
        license.updatedAt = Math.max(license.updatedAt, decidedAt!);
        license.certificate = this.certificate(license, a.company, decidedAt!);
        this.history.push({ licenseId: license.id, event: 'url_changed', from: a.id, to: a.id, details: { oldUrl: u.oldUrl, newUrl: u.newUrl }, actor: u.decidedBy, at: decidedAt! });
      }
      this.urlChanges.push(u);
    };
    const demoMain = demo.licenses.find((l) => l.kind === 'main' && l.status === 'active');
    if (demoMain) add(demo, demoMain, 'approved');
    const candidates = this.accounts.filter((a) => !a.demo);
    for (let i = 0; i < n * 3 && this.urlChanges.length < n; i++) {
      const a = r.pick(candidates);
      const mains = a.licenses.filter((l) => l.kind === 'main' && l.status === 'active');
      if (!mains.length) continue;
      const status = forced[this.urlChanges.length - 1] ?? r.weighted([['approved', 55], ['pending', 20], ['rejected', 10], ['cancelled', 15]] as const);
      add(a, r.pick(mains), status);
    }
  }

  // ------------------------------------------------------------ tickets

  private turnaround(priority: Priority, hotRush: boolean): number {
    return hotRush ? settings.turnaroundMs.hotRush : settings.turnaroundMs[priority];
  }

  private pickAssignee(r: Rng, departmentId: number | null): UserPlan {
    if (departmentId === null) return this.staff.admin;
    const members = this.staff.members.get(departmentId);
    return members?.length ? r.weighted(members) : this.staff.admin;
  }

  private planTickets(): void {
    const r = this.rng('tickets');
    const demo = this.accounts[0]!;
    const logAccounts = [...new Set(this.urlChanges.filter((u) => u.status === 'approved').map((u) => u.account))];
    const logTickets = Math.min(logAccounts.length, Math.floor(this.totalTickets / 10));
    const demoTickets = Math.min(12, this.totalTickets - logTickets);
    const regular = this.totalTickets - logTickets - demoTickets;

    // The demo customer's tickets: one of every status and type, the demo engineer on the tech ones.
    const demoPlan: Array<{ status: TicketStatus; type: TicketType; mode?: CloseMode; reopened?: boolean; hotRush?: boolean; priority: Priority; secondary?: boolean }> = [
      { status: 'new', type: 'tech', priority: 'major' },
      { status: 'open', type: 'sales', priority: 'normal' },
      { status: 'in_progress', type: 'tech', priority: 'normal' },
      { status: 'answered', type: 'tech', priority: 'minor', secondary: true },
      { status: 'pre_closed', type: 'project', priority: 'normal' },
      { status: 'closed', type: 'tech', mode: 'auto', priority: 'normal' },
      { status: 'closed', type: 'sales', mode: 'thanks', priority: 'minor' },
      { status: 'closed', type: 'complaint', mode: 'staff', priority: 'major' },
      { status: 'in_progress', type: 'tech', reopened: true, priority: 'normal', secondary: true },
      { status: 'answered', type: 'tech', hotRush: true, priority: 'major' },
      { status: 'closed', type: 'tech', mode: 'silent', priority: 'minor' },
      { status: 'open', type: 'tech', priority: 'minor' },
    ];
    const engineer = this.staff.byEmail.get('engineer@example.com')!;
    for (let i = 0; i < demoTickets; i++) {
      const d = demoPlan[i]!;
      const author = d.secondary && demo.users[1] ? demo.users[1] : demo.primary;
      this.planTicket(r, demo, { ...d, authorId: author.id, hotRush: d.hotRush ?? false, closeMode: d.mode ?? null, reopened: d.reopened ?? false, preferredAssignee: d.type === 'tech' ? engineer : null });
    }

    // Everyone else: skewed activity, statuses by how a helpdesk's backlog looks on a weekday.
    const active = this.accounts.filter((a) => !a.demo && a.licenses.some((l) => l.status !== 'pending'));
    const old = active.filter((a) => a.createdAt < this.since);
    const cumulative: number[] = [];
    let total = 0;
    for (const a of active) cumulative.push((total += a.weight));
    const pickAccount = (): AccountPlan => {
      const x = r.float() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      return active[lo]!;
    };
    for (let i = 0; i < regular; i++) {
      const status: TicketStatus = r.weighted([['new', 1.2], ['open', 2], ['in_progress', 5], ['answered', 2.3], ['pre_closed', 2.5], ['closed', 87]] as const);
      const reopened = (status === 'open' || status === 'in_progress') && r.chance(0.08);
      const closeMode: CloseMode | null = status === 'closed'
        ? r.weighted([['auto', 58], ['thanks', 15], ['silent', 10], ['staff', 10], ['nevermind', 5], ['merged', 2]] as const)
        : null;
      const type: TicketType = r.weighted([['tech', 72], ['sales', 15], ['project', 9], ['complaint', 4]] as const);
      const account = active.length ? pickAccount() : demo;
      const priority = r.weighted(({
        major: [['major', 85], ['normal', 10], ['minor', 5]],
        minor: [['major', 10], ['normal', 25], ['minor', 65]],
        mixed: [['major', 20], ['normal', 55], ['minor', 25]],
      } as const)[account.habit]);
      const hotRush = type !== 'complaint' && r.chance(0.03);
      this.planTicket(r, account, { status, type, priority, hotRush, closeMode, reopened, authorId: null, preferredAssignee: null, fallback: old });
    }

    // Log tickets record the approved URL changes of their account.
    for (const a of logAccounts.slice(0, logTickets)) this.planLogTicket(a);

    // Ticket ids and numbers follow creation time, as they would have been handed out.
    this.tickets.sort((x, y) => x.createdAt - y.createdAt || x.order - y.order);
    for (const t of this.tickets) {
      t.id = this.nextId.tickets++;
      t.number = this.firstNumber + (t.id - this.tickets[0]!.id);
    }
  }

  private planLogTicket(a: AccountPlan): void {
    const entries = this.urlChanges.filter((u) => u.account === a && u.status === 'approved').sort((x, y) => x.decidedAt! - y.decidedAt!);
    const first = entries[0]!.decidedAt!;
    const evStart = this.evTime.length;
    for (const e of entries) {
      this.evTime.push(e.decidedAt!);
      this.evKind.push(EV.log);
      this.evAuthor.push(e.decidedBy ?? this.staff.billing[0]!.id);
    }
    this.tickets.push({
      account: a, authorId: null, type: 'log', topic: 0, priority: 'normal', hotRush: false, status: 'closed', closeMode: null, reopened: false,
      departmentId: null, assigneeId: null, cost: 0, chargedPoints: 0, chargedAt: null, license: null, productVersion: '',
      createdAt: first, updatedAt: entries[entries.length - 1]!.decidedAt!, clockStartedAt: null, answeredAt: null, preClosedAt: null, closedAt: first,
      evStart, evCount: entries.length, id: 0, number: 0, subject: logTicketSubject, mergedInto: null, followUpOf: null, splitFrom: null,
      logEntries: entries, order: this.tickets.length,
    });
  }

  /**
   * Plans one ticket's whole conversation: events relative to its creation, built from the
   * status it must end in, then placed in time so that the status is what the life cycle's
   * rules make of those events at `now`.
   */
  private planTicket(
    r: Rng,
    account: AccountPlan,
    p: { status: TicketStatus; type: TicketType; priority: Priority; hotRush: boolean; closeMode: CloseMode | null; reopened: boolean; authorId: number | null; preferredAssignee: UserPlan | null; fallback?: AccountPlan[] },
  ): TicketPlan {
    const { status, type, priority, hotRush, closeMode, reopened } = p;
    const target = this.turnaround(priority, hotRush);
    const topics = topicsByType[type as Exclude<TicketType, 'log'>];
    const topic = r.int(0, topics.length - 1);
    const topicDef = topics[topic]!;

    // Department: what the customer chose for new tickets, the dispatcher's classification after.
    const defaultDept = type === 'tech' ? 'Tech support' : type === 'sales' ? 'Sales' : type === 'project' ? 'Projects' : null;
    let deptName: string | null = defaultDept;
    if (status !== 'new') {
      if (type === 'sales' && topicDef.department === 'Billing') deptName = 'Billing';
      if (type === 'complaint') deptName = r.weighted([[null, 60], ['Tech support', 25], ['Sales', 15]] as const);
    }
    const departmentId = deptName ? this.dept(deptName) : null;

    // Assignee: nobody on new and open tickets; the person working on it otherwise (mostly).
    let assignee: UserPlan | null = null;
    const worked = status === 'answered' || status === 'pre_closed' || (status === 'closed' && closeMode !== 'merged' && closeMode !== 'nevermind');
    if (status === 'in_progress' || (worked && r.chance(0.9))) assignee = p.preferredAssignee ?? this.pickAssignee(r, departmentId);
    const dispatcher = r.pick(this.staff.dispatchers);
    const replier = assignee ?? (departmentId !== null && r.chance(0.5) ? this.pickAssignee(r, departmentId) : dispatcher);

    // Cost rating by the dispatcher (new tickets are not rated yet).
    let cost = 0;
    if (status !== 'new' && closeMode !== 'nevermind' && closeMode !== 'merged') {
      if (type === 'tech') cost = r.weighted([[0, 35], [1, 20], [2, 20], [3, 12], [5, 8], [10, 5]] as const);
      else if (type === 'project') cost = r.weighted([[0, 70], [5, 15], [10, 10], [20, 5]] as const);
    }

    // ---- the conversation, relative to creation (t = 0)
    const ev: Array<{ t: number; k: EvKind; a: number }> = [];
    const push = (t: number, k: EvKind, a: number) => ev.push({ t: Math.round(t), k, a });
    const last = () => ev[ev.length - 1]!.t;
    const customer = () => (r.chance(0.85) ? AUTHOR_TICKET : AUTHOR_OTHER_CUSTOMER);
    const staffDelay = () => target * (r.chance(0.85) ? r.range(0.05, 0.95) : r.range(1, 3));
    const customerDelay = () => r.logRange(15 * MIN, 40 * HOUR);
    const noteAuthor = () => (assignee ?? replier).id;

    push(0, EV.open, AUTHOR_TICKET);
    if (r.chance(0.08)) push(r.range(2 * MIN, 60 * MIN), EV.info, AUTHOR_TICKET);
    const classifyAt = Math.max(last() + MIN, r.logRange(3 * MIN, hotRush ? 30 * MIN : 4 * HOUR));
    if (status !== 'new' && r.chance(0.35)) push(classifyAt, EV.dispatch, dispatcher.id);

    /**
     * Rounds of staff reply and customer answer. Ending with the staff: returns the last reply's
     * time. Ending with the customer: returns the time the clock restarted.
     */
    const rounds = (k: number, endWithStaff: boolean, finalAsks = false): number => {
      let clock = 0;
      let lastStaff = 0;
      for (let i = 1; i <= k; i++) {
        const final = i === k && endWithStaff;
        let at = Math.max(clock + staffDelay(), last() + r.range(2 * MIN, 40 * MIN));
        if (i === 1) at = Math.max(at, classifyAt + r.range(2 * MIN, 20 * MIN));
        if (r.chance(0.17)) push(last() + (at - last()) * r.range(0.2, 0.9), EV.note, noteAuthor());
        push(at, final ? (finalAsks ? EV.ask : EV.answer) : r.chance(0.55) ? EV.ask : EV.answer, replier.id);
        lastStaff = at;
        if (final) break;
        clock = at + customerDelay();
        push(clock, EV.info, customer());
        if (r.chance(0.1)) push(clock + r.range(0.3, 1) * target, EV.nudge, AUTHOR_TICKET);
      }
      return endWithStaff ? lastStaff : clock;
    };
    const roundCount = () => 1 + r.geometric(3.8, 14);

    let anchorRel = 0; // the relative time pinned to an absolute one, anchorAbs
    let anchorAbs = Number.NaN; // NaN: placed freely in the history (closed tickets)
    let clockRel: number | null = null;
    let answeredRel: number | null = null;
    let closedRel: number | null = null;
    let chargedRel: number | null = null;
    const clockAge = (spread: ReadonlyArray<readonly [number, number]>, cap: number) => Math.round(Math.min(cap, target * r.weighted(spread)));

    if (status === 'new') {
      const age = Math.round(r.logRange(3 * MIN, 20 * HOUR));
      if (r.chance(0.15)) push(age * r.range(0.3, 0.95), EV.nudge, AUTHOR_TICKET);
      clockRel = 0;
      anchorAbs = this.now - age;
    } else if ((status === 'open' || status === 'in_progress') && !reopened) {
      clockRel = r.chance(0.5) ? 0 : rounds(1 + r.geometric(1.5, 8), false);
      anchorRel = clockRel;
      anchorAbs = this.now - clockAge([[r.range(0, 1), 70], [r.range(1, 3), 22], [r.range(3, 10), 8]], 10 * DAY);
      if (status === 'in_progress' && r.chance(0.25)) push(Math.max(last(), anchorRel) + r.range(5 * MIN, 6 * HOUR), EV.note, noteAuthor());
      if (r.chance(0.12)) push(Math.max(last(), anchorRel) + r.range(0.3, 1.2) * target, EV.nudge, AUTHOR_TICKET);
    } else if (reopened) {
      const answered = rounds(roundCount(), true);
      chargedRel = r.chance(0.6) ? answered + settings.preCloseAfterMs + settings.closeAfterMs + r.range(0, 10 * MIN) : answered + r.range(HOUR, 40 * HOUR);
      const reopenAt = chargedRel + r.logRange(HOUR, 13 * DAY);
      push(reopenAt, EV.reopen, customer());
      clockRel = reopenAt;
      anchorRel = reopenAt;
      anchorAbs = this.now - clockAge([[r.range(0, 1), 70], [r.range(1, 3), 24], [r.range(3, 8), 6]], 5 * DAY);
      if (r.chance(0.2)) push(reopenAt + r.range(5 * MIN, 3 * HOUR), EV.note, noteAuthor());
    } else if (status === 'answered' || status === 'pre_closed') {
      // Some answered tickets wait for the customer's information rather than a confirmation.
      answeredRel = rounds(roundCount(), true, r.chance(0.3));
      anchorRel = answeredRel;
      anchorAbs = status === 'answered'
        ? this.now - Math.round(r.range(5 * MIN, settings.preCloseAfterMs - 10 * MIN))
        : this.now - Math.round(r.range(settings.preCloseAfterMs + 10 * MIN, settings.preCloseAfterMs + settings.closeAfterMs - 10 * MIN));
    } else {
      switch (closeMode!) {
        case 'auto':
          // The scheduler's lag: a few minutes at most after each rule falls due.
          answeredRel = rounds(roundCount(), true);
          closedRel = answeredRel + settings.preCloseAfterMs + settings.closeAfterMs + 10 * MIN;
          break;
        case 'thanks': {
          const at = rounds(roundCount(), true) + r.logRange(10 * MIN, 40 * HOUR);
          push(at, EV.thanks, customer());
          closedRel = at + r.range(MIN, 20 * MIN);
          break;
        }
        case 'silent':
          answeredRel = rounds(roundCount(), true);
          closedRel = answeredRel + r.logRange(HOUR, 40 * HOUR);
          break;
        case 'staff':
          answeredRel = rounds(roundCount(), true);
          closedRel = answeredRel + r.range(MIN, 30 * MIN);
          break;
        case 'nevermind': {
          const at = Math.max(last(), classifyAt) + r.logRange(20 * MIN, 10 * HOUR);
          push(at, EV.nevermind, customer());
          closedRel = at + r.range(MIN, 10 * MIN);
          break;
        }
        case 'merged':
          closedRel = Math.max(last(), classifyAt) + r.logRange(15 * MIN, 8 * HOUR);
          break;
      }
      anchorRel = closedRel!;
      if (closeMode !== 'merged') chargedRel = closedRel;
    }

    // ---- place it in time, within the account's history
    ev.sort((x, y) => x.t - y.t);
    const span = Math.max(anchorRel, last());
    const windowStart = (a: AccountPlan) => Math.max(this.since, a.createdAt + HOUR);
    const latestAnchor = Number.isNaN(anchorAbs) ? this.now - MIN - (span - anchorRel) : anchorAbs;
    const fits = (a: AccountPlan) => latestAnchor - anchorRel >= windowStart(a);
    let chosen = account;
    for (let k = 0; k < 8 && !fits(chosen) && p.fallback?.length; k++) chosen = r.pick(p.fallback);
    if (Number.isNaN(anchorAbs)) {
      // Closed tickets spread over the whole history, a little denser recently.
      const lo = windowStart(chosen) + anchorRel;
      anchorAbs = latestAnchor > lo ? Math.round(lo + (latestAnchor - lo) * Math.pow(r.float(), 0.85)) : latestAnchor;
    }
    // A long conversation on a young account is compressed rather than predating the account.
    const scale = anchorAbs - anchorRel < windowStart(chosen) && anchorRel > 0 ? Math.max(0.01, (anchorAbs - windowStart(chosen)) / anchorRel) : 1;
    const created = anchorAbs - Math.round(anchorRel * scale);
    let abs = (rel: number) => created + Math.round(rel * scale);
    // Whatever follows the anchor (notes, nudges, a late classification) must still lie before now.
    const lastAbs = abs(span);
    if (lastAbs > this.now - 1000 && span > anchorRel) {
      const squeeze = (this.now - 1000 - anchorAbs) / (lastAbs - anchorAbs);
      const plain = abs;
      abs = (rel: number) => (rel <= anchorRel ? plain(rel) : anchorAbs + Math.round((plain(rel) - anchorAbs) * squeeze));
    }
    const authorId = p.authorId ?? (chosen.users.length > 1 && r.chance(0.25) ? r.pick(chosen.users.slice(1)).id : chosen.primary.id);

    const evStart = this.evTime.length;
    let updatedAt = created;
    for (const e of ev) {
      const t = abs(e.t);
      this.evTime.push(t);
      this.evKind.push(e.k);
      this.evAuthor.push(e.a === AUTHOR_TICKET ? authorId : e.a === AUTHOR_OTHER_CUSTOMER ? r.pick(chosen.users).id : e.a);
      updatedAt = Math.max(updatedAt, t);
    }

    // Rule-driven times keep their exact gaps (48h to pre-close, 72h more to close).
    const answeredAt = answeredRel === null ? null : abs(answeredRel);
    let preClosedAt: number | null = null;
    let closedAt: number | null = null;
    if (status === 'pre_closed' || closeMode === 'auto') preClosedAt = answeredAt! + settings.preCloseAfterMs + r.int(0, 5 * MIN);
    if (closeMode === 'auto') closedAt = Math.min(this.now - 1000, preClosedAt! + settings.closeAfterMs + r.int(0, 5 * MIN));
    else if (closedRel !== null) closedAt = Math.min(this.now - 1000, answeredAt !== null ? answeredAt + Math.round(closedRel - answeredRel!) : abs(closedRel));
    updatedAt = Math.max(updatedAt, preClosedAt ?? 0, closedAt ?? 0);

    const license = this.pickTicketLicense(r, chosen, type, created);
    const ticket: TicketPlan = {
      account: chosen, authorId, type, topic, priority, hotRush, status, closeMode, reopened,
      departmentId, assigneeId: assignee?.id ?? null, cost, chargedPoints: status === 'closed' ? 0 : null, chargedAt: null,
      license, productVersion: license?.version ?? (type === 'tech' ? currentVersion['X-Cart'] : ''),
      createdAt: created, updatedAt, clockStartedAt: clockRel === null ? null : abs(clockRel), answeredAt, preClosedAt, closedAt,
      evStart, evCount: ev.length, id: 0, number: 0, subject: '', mergedInto: null, followUpOf: null, splitFrom: null, order: this.tickets.length,
    };
    if (chargedRel !== null) {
      // The charge of the first close: cost plus the HotRush surcharge.
      const state: TicketState = { ...newTicketState({ type, priority, hotRush, departmentId: null }, created), cost };
      ticket.chargedPoints = chargeFor(state, settings);
      ticket.chargedAt = closedAt ?? Math.min(abs(chargedRel), ticket.clockStartedAt! - 1000);
    }
    chosen.charges += ticket.chargedPoints ?? 0;
    this.tickets.push(ticket);
    return ticket;
  }

  private pickTicketLicense(r: Rng, a: AccountPlan, type: TicketType, at: number): LicensePlan | null {
    if (type === 'complaint' || (type === 'sales' && r.chance(0.6))) return null;
    const mains = a.licenses.filter((l) => l.kind === 'main' && l.createdAt < at && l.status !== 'pending');
    if (!mains.length) return null;
    const active = mains.filter((l) => l.status === 'active');
    return r.pick(active.length ? active : mains);
  }

  /** The standing rule over each account's non-log tickets of the last 90 days. */
  private planStanding(): void {
    const recent = new Map<AccountPlan, Priority[]>();
    for (const t of this.tickets) {
      if (t.type === 'log' || t.createdAt < this.now - standingWindowMs) continue;
      if (!recent.has(t.account)) recent.set(t.account, []);
      recent.get(t.account)!.push(t.priority);
    }
    for (const a of this.accounts) a.standing = accountStanding(recent.get(a) ?? []).adjustment;
  }

  // ------------------------------------------------------------ orders, invoices, points

  private addOrder(r: Rng, a: AccountPlan, items: unknown[], amountCents: number, description: string, createdAt: number, status: OrderPlan['status'], decidedAt: number | null): OrderPlan {
    const invoice: InvoicePlan = {
      id: this.nextId.invoices++, accountId: a.id, description, amountCents, items, status: 'paid',
      providerRef: `2CO-${this.seed}-${this.nextId.invoices}`, issuedAt: createdAt - Math.round(r.range(MIN, 20 * MIN)), paidAt: createdAt,
    };
    this.invoices.push(invoice);
    const order: OrderPlan = {
      id: this.nextId.orders++, accountId: a.id, invoiceId: invoice.id, items, status, createdAt, decidedAt,
      rejectReason: status === 'rejected' ? r.pick(['The payment could not be verified: the card holder name does not match.', 'Duplicate order; the first one has been verified.', 'The fraud check failed; please contact billing.']) : null,
      decidedBy: decidedAt === null ? null : r.pick(this.staff.billing).id,
    };
    this.orders.push(order);
    return order;
  }

  private planBilling(): void {
    const r = this.rng('billing');
    for (const a of this.accounts) {
      // Licenses this account bought: one order each, verified when the license was.
      for (const l of a.licenses) {
        if (!l.ordered) continue;
        const item = { type: l.kind === 'main' ? 'license' : l.kind, product: l.product, edition: l.edition, licenseId: l.id, priceCents: l.priceCents };
        const what = l.kind === 'main' ? `${l.product} ${l.edition} license` : `${l.product} ${l.kind === 'addon' ? 'add-on' : 'skin'} ${l.edition}`;
        if (l.status === 'pending') this.addOrder(r, a, [item], l.priceCents, what, l.createdAt, 'pending', null);
        else {
          const order = this.addOrder(r, a, [item], l.priceCents, what, l.createdAt, 'verified', l.verifiedAt);
          this.history.push({ licenseId: l.id, event: 'activated', from: null, to: a.id, details: { orderId: order.id }, actor: order.decidedBy, at: l.verifiedAt! });
        }
      }

      // Support points: enough packages to cover the tickets, for most accounts.
      if (a.licenses.every((l) => l.status === 'pending')) continue;
      const covered = a.demo ? 75 : Math.ceil(a.charges * (r.chance(0.9) ? r.range(1, 1.6) : r.range(0.4, 0.9))) + (r.chance(0.6) ? r.int(0, 30) : 0);
      const packs: Array<readonly [number, number]> = a.demo ? [pointPackages[2]!, pointPackages[1]!] : [];
      let bought = packs.reduce((sum, [points]) => sum + points, 0);
      while (bought < covered) {
        const need = covered - bought;
        const pack = pointPackages.filter(([pts]) => pts <= Math.max(10, need * 1.2));
        const chosen = r.pick(pack.length ? pack : pointPackages);
        packs.push(chosen);
        bought += chosen[0];
      }
      const start = Math.max(a.createdAt, this.since - 60 * DAY);
      packs.forEach(([points, price], i) => {
        const at = i === 0 ? a.createdAt + Math.round(r.range(HOUR, 3 * DAY)) : start + Math.round(r.range(0, Math.max(DAY, this.now - 2 * DAY - start)));
        const decided = Math.min(this.now - HOUR, at + Math.round(r.logRange(30 * MIN, 26 * HOUR)));
        const item = { type: 'support_points', points, priceCents: price };
        const rejected = !a.demo && r.chance(0.02);
        const order = this.addOrder(r, a, [item], price, `Support points: ${points} points package`, at, rejected ? 'rejected' : 'verified', decided);
        if (!rejected) this.ledger.push({ accountId: a.id, kind: 'purchase', points, reason: `${points} support points package (order #${order.id})`, ticketId: null, licenseId: null, orderId: order.id, createdBy: order.decidedBy, createdAt: decided });
      });

      if (!a.demo && r.chance(0.01)) {
        const plan = r.pick(hostingPlans);
        const at = this.now - Math.round(r.range(10, historyDays) * DAY);
        this.addOrder(r, a, [{ type: 'hosting', plan, months: 12, priceCents: 24000 }], 24000, `Hosting plan: ${plan}, 12 months`, at, 'verified', at + Math.round(r.range(HOUR, 20 * HOUR)));
      }
      if (!a.demo && r.chance(0.02)) {
        const at = this.now - Math.round(r.range(5, historyDays) * DAY);
        this.addOrder(r, a, [{ type: 'service', name: 'Installation service', priceCents: 9900 }], 9900, 'Installation service', at, 'verified', at + Math.round(r.range(HOUR, 20 * HOUR)));
      }

      // Invoices staff issued that wait for payment (or were withdrawn).
      if (a.demo || r.chance(0.04)) {
        const [description, amount, items] = a.demo
          ? ['Hosting plan renewal: Business (20 GB), 12 months', 24000, [{ type: 'hosting', plan: 'Business (20 GB)', months: 12, priceCents: 24000 }]] as const
          : r.pick([
            ['Custom development: shipping module', 60000, [{ type: 'service', name: 'Custom shipping module', hours: 10, priceCents: 60000 }]],
            ['Upgrade service to the current version', 19900, [{ type: 'service', name: 'Upgrade service', priceCents: 19900 }]],
            ['Support points: 50 points package', 27500, [{ type: 'support_points', points: 50, priceCents: 27500 }]],
            ['Edition upgrade: Gold to Pro', 30000, [{ type: 'license_upgrade', from: 'Gold', to: 'Pro', priceCents: 30000 }]],
            ['Hosting plan renewal, 12 months', 24000, [{ type: 'hosting', plan: 'Business (20 GB)', months: 12, priceCents: 24000 }]],
          ] as const);
        const cancelled = !a.demo && r.chance(0.2);
        this.invoices.push({
          id: this.nextId.invoices++, accountId: a.id, description, amountCents: amount, items: [...items], status: cancelled ? 'cancelled' : 'unpaid', providerRef: null,
          issuedAt: this.now - Math.round(r.range(HOUR, 30 * DAY)), paidAt: null,
        });
      }

      if (!a.demo && r.chance(0.02)) {
        const points = r.int(2, 10);
        this.ledger.push({ accountId: a.id, kind: 'adjustment', points, reason: r.pick(['Goodwill credit for the delayed answer', 'Correction of a double charge', 'Points refunded: the problem was a bug']), ticketId: null, licenseId: null, orderId: null, createdBy: r.pick(this.staff.billing).id, createdAt: this.now - Math.round(r.range(1, historyDays) * DAY) });
      }
    }
  }

  /** The billing queue always has some work, oldest first: orders placed over the last days. */
  private planPendingOrders(): void {
    const r = this.rng('pending-orders');
    const candidates = this.accounts.filter((a) => !a.demo && a.licenses.some((l) => l.status === 'active'));
    const want = Math.max(5, Math.round(this.accounts.length * 0.015));
    for (let i = this.orders.filter((o) => o.status === 'pending').length; i < want && candidates.length; i++) {
      const a = r.pick(candidates);
      const [points, price] = r.pick(pointPackages);
      const at = this.now - Math.round(r.range(20 * MIN, 6 * DAY));
      this.addOrder(r, a, [{ type: 'support_points', points, priceCents: price }], price, `Support points: ${points} points package`, at, 'pending', null);
    }
  }

  // ------------------------------------------------------------ writing

  private async writeDirectory(tx: Queryable): Promise<void> {
    const accounts = new BulkInsert(tx, 'accounts', [['id', 'bigint'], ['company', 'text'], ['contact_email', 'text'], ['standing_adjustment', 'double precision'], ['newsletter', 'text[]'], ['created_at', 'bigint']]);
    for (const a of this.accounts) if (!a.demo) await accounts.add(a.id, a.company, a.primary.email, a.standing, pgTextArray(a.newsletter), a.createdAt);
    await accounts.flush();
    const users = new BulkInsert(tx, 'users', [['id', 'bigint'], ['account_id', 'bigint'], ['email', 'text'], ['name', 'text'], ['role', 'text'], ['password_hash', 'text'], ['created_at', 'bigint']]);
    for (const u of this.users) await users.add(u.id, u.accountId, u.email, `${u.first} ${u.last}`, u.role, this.hash, u.createdAt);
    await users.flush();
    await tx.query(`UPDATE accounts a SET primary_user_id = u.id FROM users u WHERE u.account_id = a.id AND u.role = 'customer.primary' AND a.primary_user_id IS NULL`);
    const staffDepts = new BulkInsert(tx, 'staff_departments', [['user_id', 'bigint'], ['department_id', 'bigint']]);
    for (const u of this.users) {
      for (const d of u.departments ?? []) await staffDepts.add(u.id, this.dept(d));
    }
    await staffDepts.flush();
    // The demo customer gets its history too: older account, its standing.
    const demo = this.accounts[0]!;
    await tx.query('UPDATE accounts SET created_at = $2, standing_adjustment = $3 WHERE id = $1', [demo.id, demo.createdAt, demo.standing]);
    for (const u of demo.users) await tx.query('UPDATE users SET created_at = $2 WHERE id = $1', [u.id, u.createdAt]);
    for (const email of ['admin@example.com', 'dispatcher@example.com', 'engineer@example.com', 'billing@example.com']) {
      await tx.query('UPDATE users SET created_at = $2 WHERE lower(email) = $1', [email, this.now - 4 * 365 * DAY]);
    }
  }

  private async writeLicenses(tx: Queryable): Promise<void> {
    const ins = new BulkInsert(tx, 'licenses', [
      ['id', 'bigint'], ['key', 'text'], ['product', 'text'], ['kind', 'text'], ['edition', 'text'], ['product_version', 'text'], ['url', 'text'], ['account_id', 'bigint'],
      ['parent_license_id', 'bigint'], ['status', 'text'], ['certificate', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint'],
    ]);
    for (const l of this.licenses) await ins.add(l.id, l.key, l.product, l.kind, l.edition, l.version, l.url, l.accountId, l.parentId, l.status, l.certificate, l.createdAt, l.updatedAt);
    await ins.flush();
    const hist = new BulkInsert(tx, 'license_history', [['license_id', 'bigint'], ['event', 'text'], ['from_account_id', 'bigint'], ['to_account_id', 'bigint'], ['details', 'jsonb'], ['actor_user_id', 'bigint'], ['at', 'bigint']]);
    const sorted = [...this.history].sort((x, y) => x.at - y.at || x.licenseId - y.licenseId);
    for (const h of sorted) await hist.add(h.licenseId, h.event, h.from, h.to, JSON.stringify(h.details), h.actor, h.at);
    await hist.flush();
  }

  private async writeBilling(tx: Queryable): Promise<void> {
    const inv = new BulkInsert(tx, 'invoices', [['id', 'bigint'], ['account_id', 'bigint'], ['description', 'text'], ['amount_cents', 'bigint'], ['items', 'jsonb'], ['status', 'text'], ['provider_ref', 'text'], ['issued_at', 'bigint'], ['paid_at', 'bigint']]);
    for (const i of this.invoices) await inv.add(i.id, i.accountId, i.description, i.amountCents, JSON.stringify(i.items), i.status, i.providerRef, i.issuedAt, i.paidAt);
    await inv.flush();
    const ord = new BulkInsert(tx, 'orders', [['id', 'bigint'], ['account_id', 'bigint'], ['invoice_id', 'bigint'], ['items', 'jsonb'], ['status', 'text'], ['reject_reason', 'text'], ['created_at', 'bigint'], ['decided_at', 'bigint'], ['decided_by', 'bigint']]);
    for (const o of this.orders) await ord.add(o.id, o.accountId, o.invoiceId, JSON.stringify(o.items), o.status, o.rejectReason, o.createdAt, o.decidedAt, o.decidedBy);
    await ord.flush();
  }

  private async writeTickets(tx: Queryable): Promise<void> {
    const r = this.rng('ticket-links');
    const text = new TextWriter(this.rng('text'), this);
    const tickets = new BulkInsert(tx, 'tickets', [
      ['id', 'bigint'], ['number', 'bigint'], ['account_id', 'bigint'], ['author_user_id', 'bigint'], ['type', 'text'], ['subject', 'text'], ['license_id', 'bigint'],
      ['product_version', 'text'], ['priority', 'text'], ['hot_rush', 'boolean'], ['status', 'text'], ['department_id', 'bigint'], ['assignee_id', 'bigint'],
      ['cost', 'integer'], ['charged_points', 'integer'], ['score', 'double precision'], ['clock_started_at', 'bigint'], ['due_at', 'bigint'],
      ['answered_at', 'bigint'], ['pre_closed_at', 'bigint'], ['closed_at', 'bigint'], ['merged_into_id', 'bigint'], ['follow_up_of_id', 'bigint'],
      ['split_from_id', 'bigint'], ['created_at', 'bigint'], ['updated_at', 'bigint'], ['pre_close_due_at', 'bigint'], ['close_due_at', 'bigint'],
      ['breached_at', 'bigint'],
    ], 5000);
    const messages = new BulkInsert(tx, 'ticket_messages', [
      ['id', 'bigint'], ['ticket_id', 'bigint'], ['author_user_id', 'bigint'], ['kind', 'text'], ['body', 'text'], ['moved_from_ticket_id', 'bigint'], ['created_at', 'bigint'],
    ], 5000);
    // Flushed after each chunk's messages, which it references.
    const attachments = new BulkInsert(tx, 'attachments', [
      ['ticket_id', 'bigint'], ['message_id', 'bigint'], ['file_name', 'text'], ['size', 'bigint'], ['sha256', 'text'], ['uploaded_by', 'bigint'], ['created_at', 'bigint'],
    ], Number.POSITIVE_INFINITY);

    const chunk = 2000;
    for (let from = 0; from < this.tickets.length; from += chunk) {
      const part = this.tickets.slice(from, from + chunk);
      for (const t of part) {
        this.linkTicket(r, t);
        t.subject ||= text.subject(t);
        const state: TicketState = {
          ...newTicketState({ type: t.type, priority: t.priority, hotRush: t.hotRush, departmentId: t.departmentId }, t.createdAt),
          status: t.status, cost: t.cost, assigneeId: t.assigneeId, clockStartedAt: t.clockStartedAt,
          answeredAt: t.answeredAt, preClosedAt: t.preClosedAt, closedAt: t.closedAt, chargedPoints: t.chargedPoints,
        };
        const dueAt = ticketDueAt(state, settings);
        // The scheduler's deadlines as it would have stored them, and the breach it would have flagged.
        const preCloseDueAt = t.status === 'answered' ? t.answeredAt! + settings.preCloseAfterMs : null;
        const closeDueAt = t.status === 'pre_closed' ? t.preClosedAt! + settings.closeAfterMs : null;
        const breachedAt = dueAt !== null && dueAt <= this.now ? Math.min(this.now, dueAt + r.int(0, 30_000)) : null;
        await tickets.add(
          t.id, t.number, t.account.id, t.authorId, t.type, t.subject, t.license?.id ?? null, t.productVersion, t.priority, t.hotRush, t.status,
          t.departmentId, t.assigneeId, t.cost, t.chargedPoints, basePriorityScore[t.priority] + t.account.standing, t.clockStartedAt,
          dueAt, t.answeredAt, t.preClosedAt, t.closedAt, t.mergedInto?.id ?? null, t.followUpOf?.id ?? null,
          t.splitFrom?.id ?? null, t.createdAt, t.updatedAt, preCloseDueAt, closeDueAt, breachedAt,
        );
        t.account.written.push(t);
        if (t.chargedPoints && t.chargedPoints > 0) {
          this.ledger.push({ accountId: t.account.id, kind: 'ticket_charge', points: -t.chargedPoints, reason: `Ticket #${t.number}: ${t.subject}`, ticketId: t.id, licenseId: null, orderId: null, createdBy: null, createdAt: t.chargedAt ?? t.closedAt ?? t.updatedAt });
        }
      }
      await tickets.flush();
      for (const t of part) {
        const ticketId = t.mergedInto ? t.mergedInto.id : t.id;
        const movedFrom = t.mergedInto ? t.id : null;
        for (let i = 0; i < t.evCount; i++) {
          const k = this.evKind[t.evStart + i]! as EvKind;
          const at = this.evTime[t.evStart + i]!;
          const author = this.evAuthor[t.evStart + i]!;
          const id = this.nextId.messages++;
          const kind = customerEvents.has(k) ? 'customer' : noteEvents.has(k) ? 'note' : 'staff';
          const body = text.message(t, k, at, author, i);
          await messages.add(id, ticketId, author, kind, body, movedFrom ?? (i === 0 && t.splitFrom ? t.splitFrom.id : null), at);
          if (k !== EV.log && k !== EV.note && k !== EV.dispatch && r.chance(k === EV.open ? 0.04 : 0.012)) {
            const customerSide = kind === 'customer';
            const name = fill(r.pick(customerSide ? attachmentNames.customer : attachmentNames.staff), { v: t.productVersion || '4.1.9' });
            // One content per name: a handful of blobs however many tickets, so the seed stays fast.
            const blob = this.demoFile(name, customerSide ? 'Attached by the customer' : 'Attached by the support engineer');
            await attachments.add(ticketId, id, name, blob.size, blob.sha256, author, at);
          }
        }
      }
      await messages.flush();
      await attachments.flush();
    }
  }

  /** Follow-ups, merges and splits point at earlier tickets of the same account. */
  private linkTicket(r: Rng, t: TicketPlan): void {
    if (t.type === 'log') return;
    const earlier = t.account.written;
    const lookBack = (pred: (o: TicketPlan) => boolean): TicketPlan | null => {
      for (let i = earlier.length - 1, n = 0; i >= 0 && n < 40; i--, n++) {
        const o = earlier[i]!;
        if (o.type !== 'log' && !o.mergedInto && pred(o)) return o;
      }
      return null;
    };
    if (t.closeMode === 'merged') {
      // Cross-posting: the same question in a second ticket while the first was still open.
      t.mergedInto = lookBack((o) => o.type === t.type && o.createdAt < t.createdAt && (o.closedAt === null || o.closedAt > t.closedAt!) && o.status !== 'new');
      if (t.mergedInto) t.subject = t.mergedInto.subject;
      return;
    }
    if (r.chance(0.03)) {
      const old = lookBack((o) => o.type === t.type && o.status === 'closed' && o.closedAt !== null && o.closedAt + settings.reopenWindowMs < t.createdAt);
      if (old) {
        t.followUpOf = old;
        t.subject = old.subject.startsWith('Follow-up: ') ? old.subject : `Follow-up: ${old.subject}`;
        return;
      }
    }
    if ((t.status === 'new' || t.status === 'open') && r.chance(0.1)) {
      t.splitFrom = lookBack((o) => o.createdAt < t.createdAt && o.createdAt > t.createdAt - 30 * DAY);
    }
  }

  private async writeLedger(tx: Queryable): Promise<void> {
    const ins = new BulkInsert(tx, 'ledger_entries', [
      ['account_id', 'bigint'], ['kind', 'text'], ['points', 'integer'], ['reason', 'text'], ['ticket_id', 'bigint'], ['license_id', 'bigint'], ['order_id', 'bigint'],
      ['created_by', 'bigint'], ['created_at', 'bigint'],
    ]);
    const sorted = this.ledger.map((e, i) => [e, i] as const).sort(([x, i], [y, j]) => x.createdAt - y.createdAt || i - j);
    for (const [e] of sorted) await ins.add(e.accountId, e.kind, e.points, e.reason, e.ticketId, e.licenseId, e.orderId, e.createdBy, e.createdAt);
    await ins.flush();
  }

  private async writeRequests(tx: Queryable): Promise<void> {
    const tr = new BulkInsert(tx, 'license_transfers', [
      ['license_id', 'bigint'], ['from_account_id', 'bigint'], ['to_account_id', 'bigint'], ['target_email', 'text'], ['target_company', 'text'], ['target_url', 'text'],
      ['points', 'integer'], ['status', 'text'], ['signature', 'text'], ['reason', 'text'], ['created_at', 'bigint'], ['decided_at', 'bigint'], ['accepted_at', 'bigint'],
      ['new_license_id', 'bigint'], ['decided_by', 'bigint'],
    ]);
    for (const t of [...this.transfers].sort((x, y) => x.createdAt - y.createdAt)) {
      const decidedBy = t.status === 'pending' || t.status === 'cancelled' ? null : this.staff.billing[0]!.id;
      await tr.add(t.license.id, t.from.id, t.to?.id ?? null, t.targetEmail, t.targetCompany, t.targetUrl, t.points, t.status, t.signature, t.reason, t.createdAt, t.decidedAt, t.acceptedAt,
        t.newLicense?.id ?? null, decidedBy);
    }
    await tr.flush();
    const uc = new BulkInsert(tx, 'url_change_requests', [
      ['license_id', 'bigint'], ['account_id', 'bigint'], ['old_url', 'text'], ['new_url', 'text'], ['acknowledged', 'boolean'], ['status', 'text'], ['reason', 'text'],
      ['removal_deadline', 'bigint'], ['created_at', 'bigint'], ['decided_at', 'bigint'], ['decided_by', 'bigint'],
    ]);
    for (const u of [...this.urlChanges].sort((x, y) => x.createdAt - y.createdAt)) {
      await uc.add(u.license.id, u.account.id, u.oldUrl, u.newUrl, true, u.status, u.reason, u.status === 'approved' ? u.decidedAt! + 48 * HOUR : null, u.createdAt, u.decidedAt, u.decidedBy);
    }
    await uc.flush();
  }

  private async writeFileArea(tx: Queryable): Promise<void> {
    const r = this.rng('files');
    const folders = new BulkInsert(tx, 'file_folders', [['id', 'bigint'], ['parent_id', 'bigint'], ['name', 'text'], ['access', 'text'], ['product', 'text']]);
    const files = new BulkInsert(tx, 'files', [
      ['folder_id', 'bigint'], ['account_id', 'bigint'], ['name', 'text'], ['note', 'text'], ['size', 'bigint'], ['sha256', 'text'], ['published', 'boolean'], ['uploaded_by', 'bigint'], ['created_at', 'bigint'],
    ]);
    const admin = this.staff.admin.id;
    type FolderPlan = { path: string; access: 'product' | 'addon' | 'free'; product: string; files: Array<readonly [string, string, number]> };
    const addonFolders = (parent: string, product: ProductDef['name'], version: string): FolderPlan[] =>
      productByName(product).addons.map(([name]) => ({
        path: `${parent}/${name}`, access: 'addon', product: name,
        files: [[`${product === 'X-Cart' ? 'xc' : 'lc'}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${version}.tgz`, `${name} add-on for ${product} ${version.replace(/\.\d+$/, '.x')}`, 60]],
      }));
    const tree: FolderPlan[] = [
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
    const ids = new Map<string, number>();
    for (const f of tree) {
      const id = this.nextId.folders++;
      ids.set(f.path, id);
      const parent = f.path.includes('/') ? ids.get(f.path.slice(0, f.path.lastIndexOf('/')))! : null;
      await folders.add(id, parent, f.path.slice(f.path.lastIndexOf('/') + 1), f.access, f.product);
    }
    await folders.flush();
    for (const f of tree) {
      for (const [name, note, daysAgo] of f.files) {
        const blob = this.demoFile(name, note);
        await files.add(ids.get(f.path)!, null, name, note, blob.size, blob.sha256, true, admin, this.now - daysAgo * DAY - r.int(0, 20) * HOUR);
      }
    }
    // "My files": some customers' own uploads.
    for (const a of this.accounts) {
      if (!r.chance(a.demo ? 1 : 0.08)) continue;
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) {
        const name = r.pick(['store-backup.sql.gz', 'logo.png', 'custom-skin.zip', 'products-import.csv', 'design-mockup.psd', 'config-backup.php.txt']);
        const at = Math.max(a.createdAt, this.now - Math.round(r.range(1, 300) * DAY));
        const blob = this.demoFile(name, 'Uploaded by the customer');
        await files.add(null, a.id, name, '', blob.size, blob.sha256, true, a.primary.id, at);
      }
    }
    await files.flush();
  }

  private async writeFaq(tx: Queryable): Promise<void> {
    const ins = new BulkInsert(tx, 'faq_articles', [['title', 'text'], ['body', 'text'], ['created_at', 'bigint'], ['updated_at', 'bigint']]);
    const at = this.now - 400 * DAY;
    for (const a of faqArticles()) await ins.add(a.title, a.body, at, at);
    await ins.flush();
  }

  private async finish(tx: Queryable): Promise<void> {
    for (const table of ['users', 'accounts', 'licenses', 'tickets', 'ticket_messages', 'invoices', 'orders', 'file_folders']) {
      await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 1), (SELECT max(id) IS NOT NULL FROM ${table}))`);
    }
    await tx.query(`SELECT setval('ticket_number_seq', coalesce((SELECT max(number) FROM tickets), 104000), (SELECT max(number) IS NOT NULL FROM tickets))`);
    // No change log for seeded rows: a new epoch sends every console back to a bootstrap.
    await tx.query(`INSERT INTO settings (key, value) VALUES ('sync.epoch', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
      JSON.stringify(randomBytes(6).toString('base64url')),
    ]);
  }

  // Read by the text writer.
  userById(id: number): UserPlan {
    return this.user(id);
  }
  departmentName(id: number | null): string {
    for (const [name, d] of this.departments) if (d === id) return name;
    return 'Customer service';
  }
}

// ---------------------------------------------------------------- text

/** Builds subjects and message bodies from the vocabulary, with the ticket's own details. */
class TextWriter {
  constructor(
    private readonly r: Rng,
    private readonly gen: { userById(id: number): UserPlan; departmentName(id: number | null): string },
  ) {}

  private topic(t: TicketPlan): Topic {
    return topicsByType[t.type as Exclude<TicketType, 'log'>][t.topic]!;
  }

  /** The ticket's details, drawn once so that all its messages agree on them. */
  private vars(t: TicketPlan): Record<string, string | number> {
    t.vars ??= this.drawVars(t);
    return t.vars;
  }

  private drawVars(t: TicketPlan): Record<string, string | number> {
    const r = this.r;
    const product = t.license?.product ?? 'X-Cart';
    const v = t.productVersion || currentVersion[product];
    const versions = productByName(product).versions.map(([x]) => x);
    const older = versions.filter((x) => x < v);
    const written = t.account.written;
    const earlier = written.length > 1 ? written[Math.max(0, written.length - 2 - r.int(0, 30))] : undefined;
    return {
      p: product,
      v,
      vOld: older.length ? r.pick(older) : versions[versions.length - 1]!,
      url: t.license?.url ?? `https://www.${t.account.domain}/`,
      gateway: r.pick(gateways),
      carrier: r.pick(carriers),
      code: `E${r.int(100, 9999)}`,
      file: r.pick(phpFiles[product]),
      n: r.pick([500, 1200, 3000, 4500, 8000, 15000, 25000]),
      addon: r.pick(productByName(product === 'Sales-n-Stats' ? 'X-Cart' : product).addons)[0],
      region: r.pick(regions),
      plan: r.pick(hostingPlans),
      ticket: earlier && earlier !== t ? earlier.number : t.number - r.int(50, 4000),
      date: fmtDate(t.createdAt - r.int(1, 5) * DAY),
      error: r.pick(errorMessages),
      company: t.account.company,
    };
  }

  /** The next phrase of a pool for this ticket: consecutive picks within a ticket differ. */
  private next(t: TicketPlan, pool: readonly string[]): string {
    t.phrase = (t.phrase ?? this.r.int(0, 1000)) + 1 + (this.r.chance(0.3) ? 1 : 0);
    return pool[t.phrase % pool.length]!;
  }

  subject(t: TicketPlan): string {
    const vars = this.vars(t);
    const subject = fill(this.r.pick(this.topic(t).subjects), vars);
    const prefix = t.type === 'tech' ? fill(this.r.pick(subjectPrefixes), vars) : '';
    return prefix + subject;
  }

  message(t: TicketPlan, k: EvKind, at: number, authorId: number, index: number): string {
    const r = this.r;
    if (k === EV.log) return this.logEntry(t, index);
    const vars = this.vars(t);
    const author = this.gen.userById(authorId);
    const customer = this.gen.userById(t.authorId ?? t.account.primary.id);
    const topic = this.topic(t);
    const sign = (u: UserPlan) => fill(r.pick(customerClosings), { first: u.first, last: u.last, company: t.account.company });
    const staffSign = (u: UserPlan) => `Best regards,\n${u.first} ${u.last}\n${this.gen.departmentName(t.departmentId)} team`;
    const parts: string[] = [];
    const add = (s: string) => {
      if (s) parts.push(fill(s, vars));
    };
    switch (k) {
      case EV.open: {
        add(r.pick(customerGreetings));
        add(r.pick(topic.problem));
        const extra = r.int(1, 4);
        const used = new Set<string>();
        for (let i = 0; i < extra; i++) {
          const s = r.pick(customerContext);
          if (!used.has(s)) add(s);
          used.add(s);
        }
        if (r.chance(0.06)) add(this.errorLog(t, at));
        add(r.pick(customerUrgency));
        parts.push(sign(author));
        break;
      }
      case EV.info: {
        if (r.chance(0.5)) add(r.pick(customerGreetings));
        add(this.next(t, customerInfo));
        if (r.chance(0.5)) add(this.next(t, customerInfo));
        if (r.chance(0.05)) add(this.errorLog(t, at));
        else if (r.chance(0.04)) add(this.serverInfo(t));
        parts.push(sign(author));
        break;
      }
      case EV.nudge:
        add(this.next(t, customerNudges));
        if (r.chance(0.4)) parts.push(sign(author));
        break;
      case EV.thanks:
        add(r.pick(customerThanks));
        parts.push(sign(author));
        break;
      case EV.reopen:
        add(r.pick(customerGreetings));
        add(r.pick(customerReopen));
        add(this.next(t, customerInfo));
        parts.push(sign(author));
        break;
      case EV.nevermind:
        add(r.pick(customerNevermind));
        parts.push(sign(author));
        break;
      case EV.ask:
        add(fill(r.pick(staffGreetings), { first: customer.first }));
        if (r.chance(0.5)) add(this.next(t, staffFollowUps));
        add(this.next(t, staffAsks));
        if (r.chance(0.4)) add(this.next(t, staffAsks));
        parts.push(staffSign(author));
        break;
      case EV.answer:
        add(fill(r.pick(staffGreetings), { first: customer.first }));
        add(this.next(t, staffFollowUps));
        add(this.next(t, topic.answer));
        if (r.chance(0.07)) add(this.instructions(t));
        else if (r.chance(0.05)) add(this.patch(t));
        add(r.pick(staffClosers));
        parts.push(staffSign(author));
        break;
      case EV.note:
        add(this.next(t, engineerNotes).replace('{cost}', String(t.cost)));
        if (r.chance(0.3)) add(this.next(t, engineerNotes).replace('{cost}', String(t.cost)));
        break;
      case EV.dispatch:
        add(r.pick(dispatcherNotes).replace('{cost}', String(t.cost)).replace('{type}', t.type).replace('{dept}', this.gen.departmentName(t.departmentId)));
        break;
    }
    return parts.join(k === EV.note || k === EV.dispatch ? ' ' : '\n\n');
  }

  private logEntry(t: TicketPlan, index: number): string {
    const u = t.logEntries![index]!;
    return [
      `License ${u.license.key} (${u.license.product} ${u.license.edition}): URL changed.`,
      `Old URL: ${u.oldUrl}`,
      `New URL: ${u.newUrl}`,
      `The license certificate was reissued on ${fmtTime(u.decidedAt!)}.`,
      `The software must be removed from ${u.oldUrl} by ${fmtTime(u.decidedAt! + 48 * HOUR)}.`,
    ].join('\n');
  }

  private errorLog(t: TicketPlan, at: number): string {
    const r = this.r;
    const product = t.license?.product ?? 'X-Cart';
    const lines = ['Here is what our error log says:', ''];
    const n = r.int(12, 60);
    let time = at - r.int(1, 48) * HOUR;
    const user = t.account.domain.split('.')[0]!.slice(0, 8);
    for (let i = 0; i < n; i++) {
      time += r.int(1, 600) * 1000;
      const file = r.pick(phpFiles[product]);
      const msg = r.pick([
        `PHP Warning:  mysql_fetch_array(): supplied argument is not a valid MySQL result resource in /home/${user}/public_html/${file} on line ${r.int(20, 2400)}`,
        `PHP Notice:  Undefined index: ${r.pick(['productid', 'cart', 'login', 'shippingid', 'paymentid'])} in /home/${user}/public_html/${file} on line ${r.int(20, 2400)}`,
        `PHP Fatal error:  Allowed memory size of 33554432 bytes exhausted (tried to allocate ${r.int(16, 9000)} bytes) in /home/${user}/public_html/${file} on line ${r.int(20, 2400)}`,
        `File does not exist: /home/${user}/public_html/${r.pick(['favicon.ico', 'images/spacer.gif', 'skin1/images/button_bg.gif', 'robots.txt'])}`,
        `PHP Warning:  Cannot modify header information - headers already sent by (output started at /home/${user}/public_html/${file}:${r.int(1, 40)})`,
      ]);
      lines.push(`[${new Date(time).toUTCString()}] [error] [client 203.0.113.${r.int(2, 254)}] ${msg}`);
    }
    return lines.join('\n');
  }

  private serverInfo(t: TicketPlan): string {
    const r = this.r;
    return [
      'Server details:',
      `PHP Version => 5.2.${r.int(1, 17)}`,
      `System => Linux ${r.pick(['host', 'web', 'srv'])}${r.int(1, 99)}.${t.account.domain} 2.6.${r.int(9, 32)} i686`,
      `Server API => ${r.pick(['Apache 2.0 Handler', 'CGI/FastCGI', 'Apache'])}`,
      `memory_limit => ${r.pick(['16M', '32M', '64M', '128M'])}`,
      `max_execution_time => ${r.pick([30, 60, 120, 300])}`,
      `safe_mode => ${r.pick(['Off', 'Off', 'On'])}`,
      `upload_max_filesize => ${r.pick(['2M', '8M', '16M'])}`,
      `MySQL client version => 5.0.${r.int(27, 96)}`,
      `register_globals => ${r.pick(['Off', 'On'])}`,
    ].join('\n');
  }

  private instructions(t: TicketPlan): string {
    const r = this.r;
    // In the order one would do them; each reply takes a few, keeping that order.
    const steps = [
      'Log in to the admin area.',
      'Make a full backup: Admin area -> DB backup/restore, and a copy of all files via FTP.',
      'Switch the store to maintenance mode (General settings -> Maintenance).',
      `Download the fix from your File area and unpack it into the store directory (${t.license?.url ?? 'your store'}).`,
      'Go to Admin area -> Patch/Upgrade and apply the patch file.',
      'Check the list of failed patches, if any, and send it to us.',
      'Open config.php and check the $xcart_http_host and $xcart_https_host settings.',
      'Clear the compiled templates: delete everything in the templates_c directory except .htaccess.',
      'Re-generate the thumbnails from Admin area -> Images location.',
      'Open General settings -> Security and enable HTTPS for the checkout.',
      'Switch the store back from maintenance mode.',
      'Place a test order with a test payment method.',
      'Check the storefront in two different browsers.',
    ];
    const chosen = steps.filter((_, i) => i === 1 || i === 11 || r.chance(0.45));
    return ['Please follow these steps:', ...chosen.map((step, i) => `${i + 1}. ${step}`)].join('\n');
  }

  private patch(t: TicketPlan): string {
    const r = this.r;
    const product = t.license?.product ?? 'X-Cart';
    const file = r.pick(phpFiles[product]);
    const line = r.int(40, 900);
    const lines = [`I applied the following change to ${file}:`, '', `--- ${file}.orig`, `+++ ${file}`, `@@ -${line},7 +${line},8 @@`];
    const n = r.int(6, 20);
    for (let i = 0; i < n; i++) {
      const sign = r.weighted([[' ', 6], ['-', 1], ['+', 2]] as const);
      lines.push(`${sign}    ${r.pick([
        '$cart = func_get_cart($login);',
        'if (empty($products)) return false;',
        "$shipping_cost = price_format($rate['rate']);",
        'db_query("UPDATE $sql_tbl[orders] SET status=\'P\' WHERE orderid=\'$orderid\'");',
        '$smarty->assign("main", "checkout");',
        "if (!isset(\$_SESSION['cart'])) \$_SESSION['cart'] = array();",
        '$total = $subtotal + $shipping_cost + $tax_cost;',
        'return func_display("customer/home.tpl", $smarty);',
        '}',
      ])}`);
    }
    return lines.join('\n');
  }
}
