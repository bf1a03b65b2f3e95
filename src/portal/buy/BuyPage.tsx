/**
 * "Buy products/services" (help page "How to buy a new license (add-on, techsupport, etc.)?"):
 * the section's start, the "List of available Products and Services" with "Order online"
 * next to each, the short order form, and "How to change hosting plan". Every step its own
 * URL under /buy.
 */
import { Link, Route, Switch } from 'wouter';
import { Notice, Page } from '../shell/Page';
import { CatalogueListPage } from './CatalogueListPage';
import { HostingChangePage } from './HostingChangePage';
import { OrderFormPage } from './OrderFormPage';
import './buy.css';

function BuyStart() {
  return (
    <Page title="Buy products/services">
      <ul className="buy-links">
        <li>
          <Link href="/list">List of available Products and Services</Link>: licenses, add-ons, skins, technical support points, services and hosting plans. Next to the
          one you want click &apos;Order online&apos;; the invoice is issued at once and you can pay it straight away.
        </li>
        <li>
          <Link href="/hosting">How to change hosting plan</Link>: a sales ticket with your current and your wanted plan; our sales team makes the change.
        </li>
      </ul>
      <p>
        Once paid, an order is verified by our billing department, usually within one business day; then a new license is active at the URL you gave and its files
        appear in your <Link href="~/files">File area</Link>. See your <Link href="~/invoices">Invoices</Link> and <Link href="~/orders">Orders</Link>.
      </p>
    </Page>
  );
}

export function BuyPage() {
  return (
    <Switch>
      <Route path="/" component={BuyStart} />
      <Route path="/list">{() => <CatalogueListPage />}</Route>
      <Route path="/order/:itemId">{(p) => <OrderFormPage itemId={p.itemId} />}</Route>
      <Route path="/hosting" component={HostingChangePage} />
      <Route>
        <Page title="Page not found">
          <Notice>
            There is no such page in Buy products/services. <Link href="/">Start here</Link>.
          </Notice>
        </Page>
      </Route>
    </Switch>
  );
}
