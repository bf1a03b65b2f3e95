/**
 * The queue score of shared/tickets/queueOrder.ts (effectiveScore) as a query-builder
 * expression, for the statements that score tickets in place: a CASE built from the shared
 * basePriorityScore table, so the score has one definition, and the operands (a priority
 * column or value, the account's adjustment) stay expressions and bound parameters.
 */
import type { Expression, RawBuilder } from 'kysely';
import { basePriorityScore } from '../../shared/tickets/queueOrder';
import { sql } from '../db/queryBuilder';

const priorityCases = sql.join(
  Object.entries(basePriorityScore).map(([priority, score]) => sql`WHEN ${sql.lit(priority)} THEN ${sql.lit(score)}`),
  sql` `,
);

export function effectiveScoreExpression(priority: Expression<string>, adjustment: Expression<number>): RawBuilder<number> {
  return sql<number>`(CASE ${priority} ${priorityCases} END + ${adjustment})`;
}
