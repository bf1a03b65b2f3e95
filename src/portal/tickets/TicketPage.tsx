import { Notice, Page } from '../shell/Page';

export function TicketPage() {
  return (
    <Page title="Ticket">
      <Notice>This section is not built yet.</Notice>
    </Page>
  );
}
