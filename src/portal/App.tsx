/**
 * Every page of the account site has its own URL (so deep links, reload, the back button and
 * the links in notification emails work): the route table. Pages behind sign-in are wrapped
 * in SignedIn; sections for the account's owner in OwnerOnly.
 */
import type { ReactNode } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { AccountingPage } from './accounting/AccountingPage';
import { InvoicesSection } from './billing/InvoicesPage';
import { OrdersPage } from './billing/OrdersPage';
import { BuyPage } from './buy/BuyPage';
import { GuestOrderPage } from './buy/GuestOrderPage';
import { PublicCataloguePage } from './buy/PublicCataloguePage';
import { AffiliatePage } from './affiliates/AffiliatePage';
import { FaqPage } from './faq/FaqPage';
import { FileAreaPage } from './files/FileAreaPage';
import { ForumPage } from './forum/ForumPage';
import { LicensesPage } from './licenses/LicensesPage';
import { ConfirmEmailPage } from './profiles/ConfirmEmailPage';
import { UnsubscribePage } from './newsletters/UnsubscribePage';
import { ProfilesPage } from './profiles/ProfilesPage';
import { Layout } from './shell/Layout';
import { OwnerOnly } from './shell/OwnerOnly';
import { Notice, Page } from './shell/Page';
import { SignedIn } from './shell/SignedIn';
import { ForgotPasswordPage } from './signIn/ForgotPasswordPage';
import { SetPasswordPage } from './signIn/SetPasswordPage';
import { SignInPage } from './signIn/SignInPage';
import { NewTicketPage } from './tickets/NewTicketPage';
import { TicketIndexPage } from './tickets/TicketIndexPage';
import { TicketPage } from './tickets/TicketPage';

const signedIn = (page: ReactNode) => () => <SignedIn>{page}</SignedIn>;
const owner = (title: string, page: ReactNode) => () => (
  <SignedIn>
    <OwnerOnly title={title}>{page}</OwnerOnly>
  </SignedIn>
);

export function App() {
  return (
    <Layout>
      <Switch>
        <Route path="/">
          <Redirect to="/tickets" replace />
        </Route>
        <Route path="/sign-in" component={SignInPage} />
        <Route path="/forgot-password" component={ForgotPasswordPage} />
        <Route path="/set-password" component={SetPasswordPage} />
        <Route path="/confirm-email" component={ConfirmEmailPage} />
        <Route path="/newsletter/unsubscribe" component={UnsubscribePage} />
        <Route path="/faq" nest component={FaqPage} />
        <Route path="/catalogue" component={PublicCataloguePage} />
        <Route path="/catalogue/order/:itemId">{(p) => <GuestOrderPage itemId={p.itemId} />}</Route>
        <Route path="/tickets" component={signedIn(<TicketIndexPage />)} />
        <Route path="/tickets/new" component={signedIn(<NewTicketPage />)} />
        <Route path="/tickets/:number" component={signedIn(<TicketPage />)} />
        <Route path="/projects" component={owner('Projects', <TicketIndexPage type="project" />)} />
        <Route path="/complaints" component={owner('Complaints', <TicketIndexPage type="complaint" />)} />
        <Route path="/files" nest component={owner('File area', <FileAreaPage />)} />
        <Route path="/licenses" nest component={owner('My licenses', <LicensesPage />)} />
        <Route path="/buy" nest component={owner('Buy products/services', <BuyPage />)} />
        <Route path="/invoices" nest component={owner('Invoices', <InvoicesSection />)} />
        <Route path="/orders" component={owner('Orders', <OrdersPage />)} />
        <Route path="/accounting" component={owner('Accounting', <AccountingPage />)} />
        <Route path="/profiles" nest component={signedIn(<ProfilesPage />)} />
        <Route path="/forum" nest component={signedIn(<ForumPage />)} />
        <Route path="/affiliate" component={owner('Affiliate program', <AffiliatePage />)} />
        <Route>
          <Page title="Page not found">
            <Notice>There is no page at this address. Choose a section above.</Notice>
          </Page>
        </Route>
      </Switch>
    </Layout>
  );
}
