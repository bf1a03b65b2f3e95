/** The 'Ticket attachments' folder: files that the account and our staff attached to its tickets, each with its ticket. */
import { Link } from 'wouter';
import { Notice } from '../shell/Page';
import type { FileArea } from './fileAreaData';
import { formatSize } from './folderTree';
import { TableWrap } from '../shell/TableWrap';

type Attachment = FileArea['ticketAttachments'][number];

export function TicketAttachments({ attachments }: { attachments: Attachment[] }) {
  return (
    <>
      <h2>Ticket attachments</h2>
      <p>Files that you and our staff have uploaded in tickets in the Communication center.</p>
      {attachments.length ? (
        <TableWrap label="Ticket attachments">
          <table>
            <caption className="sr-only">Ticket attachments</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Ticket</th>
                <th scope="col">Uploaded by</th>
                <th scope="col">Size</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a href={`/api/customer/tickets/${a.ticketNumber}/attachments/${a.id}`} download={a.fileName}>
                      {a.fileName}
                    </a>
                  </td>
                  <td>
                    <Link href={`~/tickets/${a.ticketNumber}`}>#{a.ticketNumber}</Link> <span className="muted">{a.ticketSubject}</span>
                  </td>
                  <td>{a.fromStaff ? 'Our staff' : 'Your account'}</td>
                  <td>{formatSize(a.size)}</td>
                  <td>{new Date(a.createdAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <Notice>No files were attached to your tickets yet.</Notice>
      )}
    </>
  );
}
