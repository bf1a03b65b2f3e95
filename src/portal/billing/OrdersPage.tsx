import { Notice, Page } from '../shell/Page';

export function OrdersPage() {
  return (
    <Page title="Orders">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
