import { Notice, Page } from '../shell/Page';

export function ForgotPasswordPage() {
  return (
    <Page title="Forgot password">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
