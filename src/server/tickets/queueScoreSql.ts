/**
 * The queue score of shared/tickets/queueOrder.ts as a query-builder expression, for the
 * statements that score tickets in place. The SQL text is effectiveScoreSql's own, with the
 * two operands put in as expressions, so a value (the adjustment, a new priority) stays a
 * bound parameter and the score has one definition.
 */
import type { Expression, RawBuilder } from 'kysely';
import { effectiveScoreSql } from '../../shared/tickets/queueOrder';
import { sql } from '../db/queryBuilder';

// A character no SQL of effectiveScoreSql contains, standing for each operand.
const hole = '\u0000';
const [beforePriority, betweenOperands, afterAdjustment] = effectiveScoreSql(hole, hole).split(hole) as [string, string, string];

export function effectiveScoreExpression(priority: Expression<string>, adjustment: Expression<number>): RawBuilder<number> {
  return sql<number>`${sql.raw(beforePriority)}${priority}${sql.raw(betweenOperands)}${adjustment}${sql.raw(afterAdjustment)}`;
}
