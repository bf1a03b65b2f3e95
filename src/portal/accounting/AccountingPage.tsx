import { Notice, Page } from '../shell/Page';

export function AccountingPage() {
  return (
    <Page title="Accounting">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
