/**
 * "My licenses" (the seed's FAQ on transfers, accepting, URL changes and the certificate):
 * every step its own URL under /licenses.
 */
import { Route, Switch } from 'wouter';
import { Notice, Page } from '../shell/Page';
import { AcceptPage } from './AcceptPage';
import { CertificatePage } from './CertificatePage';
import { LicenseListPage } from './LicenseListPage';
import { TransferPage } from './TransferPage';
import { UrlChangePage } from './UrlChangePage';

export function LicensesPage() {
  return (
    <Switch>
      <Route path="/" component={LicenseListPage} />
      <Route path="/accept/:transferId" component={AcceptPage} />
      <Route path="/:licenseId/transfer" component={TransferPage} />
      <Route path="/:licenseId/url-change" component={UrlChangePage} />
      <Route path="/:licenseId/certificate" component={CertificatePage} />
      <Route>
        <Page title="Page not found">
          <Notice>There is no page at this address in My licenses.</Notice>
        </Page>
      </Route>
    </Switch>
  );
}
