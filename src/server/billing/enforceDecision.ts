/**
 * A shared billing decision (src/shared/billing/billingDecisions.ts) as the server acts on
 * it: a refusal is the API's 409 with the decision's code and reason.
 */
import type { BillingDecision } from '../../shared/billing/billingDecisions';
import { conflict } from '../http/errors';

/** The status the record moves to, or null when it is there already (deciding twice changes nothing). */
export function enforceDecision<S extends string>(d: BillingDecision<S>): S | null {
  if (!d.ok) throw conflict(d.code, d.reason);
  return d.changed ? d.next : null;
}
