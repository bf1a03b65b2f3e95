import { Notice, Page } from '../shell/Page';

export function LicensesPage() {
  return (
    <Page title="My licenses">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
