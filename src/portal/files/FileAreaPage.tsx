import { Notice, Page } from '../shell/Page';

export function FileAreaPage() {
  return (
    <Page title="File area">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
