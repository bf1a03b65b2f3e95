import { Notice, Page } from '../shell/Page';

export function ProfilesPage() {
  return (
    <Page title="Profiles">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
