/**
 * "My licenses" in Chromium, step by step as the help page tells a customer: transfer a
 * license to an existing customer who accepts it by signing /John Smith/ (FAQ 2.1, 2.11, 2.6),
 * to a new customer, transfer add-ons with 'Uncheck all' and 'License key' (2.2), change the
 * license URL with the 48-hour checkbox, edit and cancel the request (2.9), the certificate,
 * and what secondary users and other accounts' ids get.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords';
import { licenseCertificate } from '../../src/server/licenses/certificate';
import { demoCustomer, demoPassword, demoSecondary } from '../../src/server/seed/demoAccounts';
import { browserSuite } from '../support/chromium';
import { startPortalStack, type Customer, type PortalStack } from './support/portalStack';

browserSuite('My licenses in the customer portal, in Chromium', () => {
  let stack: PortalStack;
  let billing: string;
  let n = 0;
  let pushes = 0;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => stack.server.db.query<T>(sql, params);
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0]!;

  beforeAll(async () => {
    stack = await startPortalStack({ tickets: 40 });
    billing = await stack.server.login('billing@example.com');
  }, 240_000);
  afterAll(() => stack?.close());

  /** A billing decision, pushed as the billing console does. */
  async function push(name: string, args: unknown) {
    const res = await stack.server.api('POST', '/api/sync/push', { token: billing, body: { clientId: `licenses-test-${++pushes}`, mutations: [{ id: 1, name, args }] } });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ status: 'applied' });
  }

  /** A customer account of its own (primary user signs in with the demo password). */
  async function addAccount(company: string, name = `${company} Owner`): Promise<{ accountId: number; email: string }> {
    const email = `lic-${++n}-${Date.now()}@example.com`;
    const now = Date.now();
    const { id: accountId } = await one<{ id: number }>('INSERT INTO accounts (company, contact_email, created_at) VALUES ($1, $2, $3) RETURNING id', [company, email, now]);
    const { id: userId } = await one<{ id: number }>(
      `INSERT INTO users (account_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, 'customer.primary', $4, $5) RETURNING id`,
      [accountId, email, name, await hashPassword(demoPassword), now],
    );
    await q('UPDATE accounts SET primary_user_id = $2 WHERE id = $1', [accountId, userId]);
    return { accountId, email };
  }

  async function addLicense(accountId: number, company: string, o: { kind?: 'main' | 'addon' | 'skin'; edition?: string; parent?: number; url?: string } = {}) {
    const kind = o.kind ?? 'main';
    const key = `XC${kind === 'main' ? '' : kind === 'addon' ? 'A' : 'S'}-T${String(++n).padStart(3, '0')}-${Date.now().toString(16).slice(-8).toUpperCase()}`;
    const url = o.url ?? `https://shop${n}.example/`;
    const edition = o.edition ?? 'Gold';
    const now = Date.now();
    const certificate = licenseCertificate({ key, product: 'X-Cart', kind, edition, version: '4.1.9', url }, company, now);
    const { id } = await one<{ id: number }>(
      `INSERT INTO licenses (key, product, kind, edition, product_version, url, account_id, parent_license_id, status, certificate, created_at, updated_at)
       VALUES ($1, 'X-Cart', $2, $3, '4.1.9', $4, $5, $6, 'active', $7, $8, $8) RETURNING id`,
      [key, kind, edition, url, accountId, o.parent ?? null, certificate, now],
    );
    await q(`INSERT INTO license_history (license_id, event, to_account_id, details, at) VALUES ($1, 'activated', $2, '{}', $3)`, [id, accountId, now]);
    return { id, key, url };
  }

  const row = (c: Customer, key: string) => c.page.getByRole('row').filter({ hasText: key });
  const openLicenses = async (c: Customer) => {
    await c.page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name: 'My licenses' }).click();
    await c.page.getByRole('heading', { level: 1, name: 'My licenses' }).waitFor();
  };
  /** The error shown next to a field (tied to it by aria-describedby). */
  const errorOf = async (c: Customer, field: ReturnType<Customer['page']['getByLabel']>) => {
    const ids = (await field.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(ids.split(' ').filter(Boolean).map((id) => c.page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  };

  it('lists the licenses with their add-ons and skins beneath, status in the help page\'s words and the links each allows', async () => {
    const c = await stack.open('list', demoCustomer.email, { width: 360 });
    await openLicenses(c);
    const mine = await q<{ key: string; kind: string; status: string; edition: string }>(
      'SELECT l.key, l.kind, l.status, l.edition FROM licenses l JOIN users u ON u.account_id = l.account_id WHERE u.email = $1 ORDER BY l.id', [demoCustomer.email],
    );
    const main = mine.find((l) => l.kind === 'main' && l.status === 'active')!;
    const pending = mine.find((l) => l.status === 'pending')!;
    const addon = mine.find((l) => l.kind === 'addon')!;
    const mainRow = row(c, main.key);
    expect(await mainRow.getByText('Active', { exact: true }).count()).toBe(1);
    for (const link of ['Transfer', 'Change URL', 'Certificate']) expect(await mainRow.getByRole('link', { name: link }).count(), link).toBe(1);
    // A pending license: no transfer, no URL change, no certificate.
    const pendingRow = row(c, pending.key);
    await pendingRow.getByText('Pending', { exact: true }).waitFor();
    expect(await pendingRow.getByRole('link').count()).toBe(0);
    // The add-on is listed right after its main license, without a URL change of its own.
    const keys = await c.page.getByRole('row').locator('th[scope="row"] code').allTextContents();
    expect(keys.indexOf(addon.key)).toBeGreaterThan(keys.indexOf(main.key));
    expect(await row(c, addon.key).getByRole('link', { name: 'Change URL' }).count()).toBe(0);
    // At 360 px the page itself does not scroll sideways (the table scrolls in its box).
    expect(await c.page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // With only one license of its own the add-on form asks for the license key as text.
    await mainRow.getByRole('link', { name: 'Transfer' }).click();
    const addonForm = c.page.getByRole('form', { name: 'Transfer skin/add-on license' });
    await addonForm.getByRole('group', { name: 'Select products' }).waitFor();
    expect(await addonForm.getByRole('combobox', { name: 'License key' }).count()).toBe(0);
    await addonForm.getByRole('textbox', { name: 'License key' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('FAQ 2.1/2.11 and 2.6: transfers a license to an existing customer, whose primary user accepts it by signing /John Smith/', async () => {
    const seller = await addAccount('Seller Shop');
    const buyer = await addAccount('Buyer Shop', 'Bea Buyer');
    const lic = await addLicense(seller.accountId, 'Seller Shop');
    await push('ledger.adjust', { accountId: seller.accountId, points: 10, reason: 'points bought earlier' });

    const s = await stack.open('seller', seller.email);
    await openLicenses(s);
    await row(s, lic.key).getByRole('link', { name: 'Transfer' }).click();
    await s.page.waitForURL(`${stack.url}/licenses/${lic.id}/transfer`);
    const form = s.page.getByRole('form', { name: 'Transfer the license to another party' });
    await form.getByLabel('URL to which the license is transferred').fill('https://buyer.example/shop/');
    await form.getByRole('group', { name: 'Transfer to' }).getByLabel('existing customer').check();
    await form.getByLabel('Company information').fill('Buyer Shop');
    await form.getByLabel('Primary contact person E-mail:').fill(buyer.email);
    const points = form.getByLabel('Number of TS-points transferred');
    await points.fill('25');
    await form.getByRole('button', { name: 'Request license transfer' }).click();
    await expect.poll(() => errorOf(s, points)).toContain('more support points than the account holds');
    expect(await points.getAttribute('aria-invalid')).toBe('true');
    await points.fill('5');
    await form.getByRole('button', { name: 'Request license transfer' }).click();
    await s.page.waitForURL(`${stack.url}/licenses?done=transfer`);
    const pendingNote = row(s, lic.key).getByText(/Transfer requested to Buyer Shop with 5 support points: waiting for billing/);
    await pendingNote.waitFor();
    // While it waits, the license offers no second transfer.
    expect(await row(s, lic.key).getByRole('link', { name: 'Transfer' }).count()).toBe(0);
    expect(await row(s, lic.key).getByRole('button', { name: /^Cancel/ }).count()).toBe(1);

    const t = await one<{ id: number; toAccountId: number }>(`SELECT id, to_account_id AS "toAccountId" FROM license_transfers WHERE license_id = $1 AND status = 'pending'`, [lic.id]);
    expect(t.toAccountId).toBe(buyer.accountId);
    await push('transfer.approve', { transferId: t.id });
    await s.page.reload();
    await row(s, lic.key).getByText('Transferred', { exact: true }).waitFor();
    expect(await row(s, lic.key).getByRole('link').count()).toBe(0);

    const b = await stack.open('buyer', buyer.email);
    await openLicenses(b);
    const newKey = (await one<{ key: string }>('SELECT l.key FROM licenses l JOIN license_transfers t ON t.new_license_id = l.id WHERE t.id = $1', [t.id])).key;
    await row(b, newKey).getByText('Not accepted', { exact: true }).waitFor();
    await row(b, newKey).getByRole('link', { name: 'Accept' }).click();
    await b.page.waitForURL(`${stack.url}/licenses/accept/${t.id}`);
    const terms = b.page.getByRole('region', { name: 'Agreement terms' });
    await terms.waitFor();
    expect(await terms.textContent()).toContain('By signing this agreement you accept the license');
    const acceptForm = b.page.getByRole('form', { name: 'Accept the agreement terms' });
    const signature = acceptForm.getByLabel('Signature');
    expect(await errorOf(b, signature)).toContain('/John Smith/');
    await signature.fill('John Smith');
    await acceptForm.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => errorOf(b, signature)).toContain('must be a name written between two slashes');
    await signature.fill('/John Smith/');
    await acceptForm.getByRole('button', { name: 'Accept' }).click();
    await b.page.getByText(/It is Active now, and all its distributives, patches and documentation appear in your File area/).waitFor();
    expect(await b.page.getByRole('link', { name: 'File area' }).last().getAttribute('href')).toBe('/files');
    await b.page.getByRole('link', { name: 'Back to My licenses' }).click();
    await row(b, newKey).getByText('Active', { exact: true }).waitFor();
    expect(await row(b, newKey).getByRole('link', { name: 'Accept' }).count()).toBe(0);
    expect(await one('SELECT status, signature FROM license_transfers WHERE id = $1', [t.id])).toEqual({ status: 'accepted', signature: '/John Smith/' });
    expect(s.problems).toEqual([]);
    expect(b.problems).toEqual([]);
    await s.close();
    await b.close();
  });

  it('transfers a license to a new customer: the request can be cancelled; approval makes the account, its primary user the person named', async () => {
    const seller = await addAccount('Leaving Shop');
    const lic = await addLicense(seller.accountId, 'Leaving Shop');
    const s = await stack.open('to-new', seller.email);
    const newEmail = `new-owner-${Date.now()}@example.com`;
    const request = async () => {
      await openLicenses(s);
      await row(s, lic.key).getByRole('link', { name: 'Transfer' }).click();
      const form = s.page.getByRole('form', { name: 'Transfer the license to another party' });
      await form.getByLabel('URL to which the license is transferred').fill('https://fresh.example/');
      await form.getByLabel('Company information').fill('Fresh Start Ltd');
      const account = form.getByRole('group', { name: 'Account information' });
      await account.getByLabel('Name').fill('Nora Newowner');
      await account.getByLabel('E-mail').fill(newEmail);
      await form.getByRole('button', { name: 'Request license transfer' }).click();
      await row(s, lic.key).getByText(/Transfer requested to Fresh Start Ltd: waiting for billing/).waitFor();
    };
    await request();
    await row(s, lic.key).getByRole('button', { name: /^Cancel/ }).click();
    await row(s, lic.key).getByRole('link', { name: 'Transfer' }).waitFor();
    expect(await q(`SELECT status FROM license_transfers WHERE license_id = $1`, [lic.id])).toEqual([{ status: 'cancelled' }]);

    await request();
    const t = await one<{ id: number; toAccountId: number | null; targetContactName: string; targetEmail: string }>(
      `SELECT id, to_account_id AS "toAccountId", target_contact_name AS "targetContactName", target_email AS "targetEmail" FROM license_transfers WHERE license_id = $1 AND status = 'pending'`, [lic.id],
    );
    expect(t).toMatchObject({ toAccountId: null, targetContactName: 'Nora Newowner', targetEmail: newEmail });
    // Billing sees who will manage the license in its synced transfer rows.
    const synced = await one<{ payload: { targetContactName: string } }>(`SELECT payload FROM changes WHERE entity = 'license_transfer' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [t.id]);
    expect(synced.payload.targetContactName).toBe('Nora Newowner');
    await push('transfer.approve', { transferId: t.id });
    const created = await one<{ company: string; name: string; role: string; accountId: number }>(
      `SELECT a.company, u.name, u.role, a.id AS "accountId" FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.email = $1`, [newEmail],
    );
    expect(created).toMatchObject({ company: 'Fresh Start Ltd', name: 'Nora Newowner', role: 'customer.primary' });
    expect(await one(`SELECT l.status, l.url FROM licenses l JOIN license_transfers t ON t.new_license_id = l.id WHERE t.id = $1`, [t.id]))
      .toEqual({ status: 'not_accepted', url: 'https://fresh.example/' });
    expect(s.problems).toEqual([]);
    await s.close();
  });

  it('FAQ 2.2: transfers add-ons with \'Uncheck all\' and the \'License key\' drop-down, to an own license or another company\'s', async () => {
    const owner = await addAccount('Addon Owner');
    const other = await addAccount('Other Company');
    const a = await addLicense(owner.accountId, 'Addon Owner');
    const b = await addLicense(owner.accountId, 'Addon Owner');
    const addon = await addLicense(owner.accountId, 'Addon Owner', { kind: 'addon', edition: 'X-Affiliate', parent: a.id, url: a.url });
    const skin = await addLicense(owner.accountId, 'Addon Owner', { kind: 'skin', edition: 'Fashion Mosaic', parent: a.id, url: a.url });
    const c = await addLicense(other.accountId, 'Other Company');

    const o = await stack.open('addons', owner.email);
    await openLicenses(o);
    await row(o, a.key).getByRole('link', { name: 'Transfer' }).click();
    const form = o.page.getByRole('form', { name: 'Transfer skin/add-on license' });
    const products = form.getByRole('group', { name: 'Select products' });
    const addonBox = products.getByRole('checkbox', { name: /X-Affiliate/ });
    const skinBox = products.getByRole('checkbox', { name: /Fashion Mosaic/ });
    expect(await addonBox.isChecked()).toBe(true);
    expect(await skinBox.isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Uncheck all' }).click();
    expect(await addonBox.isChecked()).toBe(false);
    expect(await skinBox.isChecked()).toBe(false);
    // Nothing chosen: refused beside 'Select products'.
    await form.getByRole('button', { name: 'Request license transfer' }).click();
    await products.getByText('choose at least one add-on or skin').waitFor();
    await addonBox.check();
    const licenseKey = form.getByRole('combobox', { name: 'License key' });
    const options = await licenseKey.locator('option').allTextContents();
    expect(options.some((t) => t.startsWith(b.key))).toBe(true);
    expect(options).toContain('Other company license');
    await licenseKey.selectOption(b.key);
    await form.getByRole('button', { name: 'Request license transfer' }).click();
    await o.page.waitForURL(`${stack.url}/licenses?done=transfer`);
    await row(o, addon.key).getByText(/Transfer requested to license .* of Addon Owner: waiting for billing/).waitFor();

    // The skin to another company: "Other company license" and its key typed below; a wrong key is refused beside the field.
    await row(o, a.key).getByRole('link', { name: 'Transfer' }).click();
    const again = o.page.getByRole('form', { name: 'Transfer skin/add-on license' });
    expect(await again.getByRole('checkbox', { name: /X-Affiliate/ }).isDisabled()).toBe(true);
    await again.getByRole('combobox', { name: 'License key' }).selectOption({ label: 'Other company license' });
    const otherKey = again.getByLabel('Other company license key');
    await otherKey.fill('XC-NOT-A-KEY');
    await again.getByLabel('Support points to transfer with the add-on (optional)').fill('0');
    await again.getByRole('button', { name: 'Request license transfer' }).click();
    await expect.poll(() => errorOf(o, otherKey)).toContain('can only go to an active main license');
    await otherKey.fill(c.key);
    await again.getByRole('button', { name: 'Request license transfer' }).click();
    await row(o, skin.key).getByText(/Transfer requested to license .* of Other Company: waiting for billing/).waitFor();

    const requests = await q<{ id: number; licenseId: number; targetLicenseKey: string; toAccountId: number }>(
      `SELECT id, license_id AS "licenseId", target_license_key AS "targetLicenseKey", to_account_id AS "toAccountId" FROM license_transfers WHERE from_account_id = $1 AND status = 'pending' ORDER BY id`,
      [owner.accountId],
    );
    expect(requests.map((r) => [r.licenseId, r.targetLicenseKey, r.toAccountId])).toEqual([[addon.id, b.key, owner.accountId], [skin.id, c.key, other.accountId]]);
    // Approved, the add-on is registered to the other own license and is listed beneath it.
    await push('transfer.approve', { transferId: requests[0]!.id });
    await o.page.reload();
    await row(o, addon.key).getByText('Active', { exact: true }).waitFor();
    const keys = await o.page.getByRole('row').locator('th[scope="row"] code').allTextContents();
    expect(keys.indexOf(addon.key)).toBe(keys.indexOf(b.key) + 1);
    expect(o.problems).toEqual([]);
    await o.close();
  });

  it('FAQ 2.9: requests a URL change with the checkbox, edits the pending request and cancels it; without the checkbox it is refused beside it', async () => {
    const owner = await addAccount('Moving Shop');
    const lic = await addLicense(owner.accountId, 'Moving Shop', { url: 'https://old.moving.example/' });
    const o = await stack.open('url-change', owner.email);
    await openLicenses(o);
    await row(o, lic.key).getByRole('link', { name: 'Change URL' }).click();
    await o.page.waitForURL(`${stack.url}/licenses/${lic.id}/url-change`);
    const box = o.page.getByRole('checkbox', { name: "I understand that I have to remove the software from 'https://old.moving.example/' in 48 hours after the license is reissued" });
    expect(await box.isChecked()).toBe(false);
    await o.page.getByLabel('New URL').fill('https://nwe.moving.example/');
    await o.page.getByRole('button', { name: 'Request to change license URL' }).click();
    await expect.poll(() => errorOf(o, box)).toContain('48 hours');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await box.check();
    await o.page.getByRole('button', { name: 'Request to change license URL' }).click();
    await o.page.waitForURL(`${stack.url}/licenses?done=url-change`);
    await row(o, lic.key).getByText('URL change pending: new URL https://nwe.moving.example/').waitFor();

    // A typo: 'Change URL' again shows the request with its URL for editing.
    await row(o, lic.key).getByRole('link', { name: 'Change URL' }).click();
    const field = o.page.getByLabel('New URL');
    await expect.poll(() => field.inputValue()).toBe('https://nwe.moving.example/');
    await field.fill('https://new.moving.example/');
    await o.page.getByRole('button', { name: 'Request to change license URL' }).click();
    await row(o, lic.key).getByText('URL change pending: new URL https://new.moving.example/').waitFor();
    expect(await q(`SELECT new_url AS "newUrl", status FROM url_change_requests WHERE license_id = $1`, [lic.id])).toEqual([{ newUrl: 'https://new.moving.example/', status: 'pending' }]);

    // A slow network: My licenses must not open on its cached answer (the request still
    // "pending") and correct itself only when the slow list arrives.
    await o.page.route(/\/api\/customer\/licenses$/, (route) => void new Promise((r) => setTimeout(r, 400)).then(() => route.continue()));
    await row(o, lic.key).getByRole('link', { name: 'Change URL' }).click();
    await o.page.getByRole('button', { name: 'Cancel the request' }).click();
    await o.page.waitForURL(`${stack.url}/licenses?done=url-change-cancelled`);
    await row(o, lic.key).getByRole('link', { name: 'Change URL' }).waitFor();
    expect(await row(o, lic.key).getByText(/URL change pending/).count()).toBe(0);
    expect(await q(`SELECT status FROM url_change_requests WHERE license_id = $1`, [lic.id])).toEqual([{ status: 'cancelled' }]);
    await o.page.unroute(/\/api\/customer\/licenses$/);

    // A bad URL is refused beside the field.
    await row(o, lic.key).getByRole('link', { name: 'Change URL' }).click();
    await o.page.getByLabel('New URL').fill('not a url');
    await o.page.getByRole('checkbox').check();
    await o.page.getByRole('button', { name: 'Request to change license URL' }).click();
    await expect.poll(() => errorOf(o, o.page.getByLabel('New URL'))).toContain('must be an http:// or https:// URL');
    expect(o.problems).toEqual([]);
    await o.close();
  });

  it('shows the certificate read-only with a copy button, and the license history; a deep link leads through sign-in to it', async () => {
    const owner = await addAccount('Certified Shop');
    const lic = await addLicense(owner.accountId, 'Certified Shop');
    const c = await stack.open('certificate');
    await c.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await c.page.goto(`${stack.url}/licenses/${lic.id}/certificate`);
    await c.page.waitForURL(new RegExp(`/sign-in\\?next=${encodeURIComponent(`/licenses/${lic.id}/certificate`)}$`));
    await c.signIn(owner.email);
    await c.page.goto(`${stack.url}/licenses`);
    await row(c, lic.key).getByRole('link', { name: 'Certificate' }).click();
    await c.page.waitForURL(`${stack.url}/licenses/${lic.id}/certificate`);
    const text = c.page.getByLabel('License certificate:');
    expect(await text.getAttribute('readonly')).not.toBeNull();
    const certificate = await text.inputValue();
    expect(certificate).toContain('-----BEGIN LICENSE CERTIFICATE-----');
    expect(certificate).toContain(`License key: ${lic.key}`);
    expect(certificate).toContain(`Licensed URL: ${lic.url}`);
    await c.page.getByRole('button', { name: 'Copy the certificate' }).click();
    await c.page.getByText('The certificate is copied.', { exact: false }).waitFor();
    expect(await c.page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(certificate);
    await c.page.getByRole('heading', { name: 'License history' }).waitFor();
    await c.page.getByRole('cell', { name: 'Verified by billing: active' }).waitFor();
    expect(c.problems).toEqual([]);
    await c.close();
  });

  it('keeps My licenses to the owner (secondary users get the notice and a 403), and another account\'s license id is not found', async () => {
    const w = await stack.open('secondary', demoSecondary.email);
    await w.page.goto(`${stack.url}/licenses`);
    await w.page.getByText(/Only the account's owner \(its primary user\) can use the My licenses section/).waitFor();
    expect(await w.page.getByRole('table').count()).toBe(0);
    const webmaster = await stack.server.login(demoSecondary.email);
    const refused = await stack.server.api('GET', '/api/customer/licenses', { token: webmaster });
    expect(refused.status).toBe(403);

    const stranger = await addAccount('Stranger Shop');
    const theirs = await addLicense(stranger.accountId, 'Stranger Shop');
    const c = await stack.open('other-account', demoCustomer.email);
    for (const page of ['certificate', 'transfer', 'url-change']) {
      await c.page.goto(`${stack.url}/licenses/${theirs.id}/${page}`);
      await c.page.getByRole('heading', { level: 1, name: 'License not found' }).waitFor();
      expect(await c.page.getByText(theirs.key).count(), page).toBe(0);
    }
    await c.page.goto(`${stack.url}/licenses/accept/999999`);
    await c.page.getByRole('heading', { level: 1, name: 'Transferred license not found' }).waitFor();
    const carla = await stack.server.login(demoCustomer.email);
    expect((await stack.server.api('GET', `/api/customer/licenses/${theirs.id}`, { token: carla })).status).toBe(404);
    expect((await stack.server.api('PUT', `/api/customer/licenses/${theirs.id}/url-change`, { token: carla, body: { newUrl: 'https://x.example/', acknowledged: true } })).status).toBe(404);
    expect(w.problems).toEqual([]);
    expect(c.problems).toEqual([]);
    await w.close();
    await c.close();
  });
});
