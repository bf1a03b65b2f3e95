import { Notice, Page } from '../shell/Page';

export function TicketIndexPage(_props: { type?: "project" | "complaint" }) {
  return (
    <Page title="Communication center">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
