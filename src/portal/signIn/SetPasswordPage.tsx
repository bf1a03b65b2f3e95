import { Notice, Page } from '../shell/Page';

export function SetPasswordPage() {
  return (
    <Page title="Set your password">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
