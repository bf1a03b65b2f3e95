/**
 * The breaching view in queue order without sorting every overdue ticket: an index of the
 * working tickets (those whose clock runs) in queue order, walked until a page of them falls
 * due within the hour. queues.ts picks it when the overdue range is large and keeps the
 * due-time range (sorted) when it is small. A new index only: no bootstrap needed.
 */
export const migration012 = `
CREATE INDEX tickets_queue_working ON tickets (queue_hot, queue_score, queue_due, number)
  WHERE type <> 'log' AND status IN ('new', 'open', 'in_progress');
`;
