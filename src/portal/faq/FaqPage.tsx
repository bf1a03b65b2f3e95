import { Notice, Page } from '../shell/Page';

export function FaqPage() {
  return (
    <Page title="FAQ">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
