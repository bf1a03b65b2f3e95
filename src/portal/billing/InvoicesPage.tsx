import { Notice, Page } from '../shell/Page';

export function InvoicesPage() {
  return (
    <Page title="Invoices">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
