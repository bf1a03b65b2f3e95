import { Notice, Page } from '../shell/Page';

export function NewTicketPage() {
  return (
    <Page title="Create a new ticket">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
