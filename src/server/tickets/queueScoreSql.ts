/**
 * The queue score of shared/tickets/queueOrder.ts as a query-builder expression, for the
 * statements that score tickets in place: effectiveScoreSql's parts joined, with the two
 * operands put in as expressions, so a value (the adjustment, a new priority) stays a bound
 * parameter and the score has one definition.
 */
import type { Expression, RawBuilder } from 'kysely';
import { effectiveScoreSql } from '../../shared/tickets/queueOrder';
import { sql } from '../db/queryBuilder';

export function effectiveScoreExpression(priority: Expression<string>, adjustment: Expression<number>): RawBuilder<number> {
  return sql<number>`${sql.join(effectiveScoreSql<Expression<unknown>>(priority, adjustment, sql.raw), sql.raw(''))}`;
}
