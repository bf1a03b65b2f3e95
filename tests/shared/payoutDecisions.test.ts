/** Billing's decision on an affiliate payout, the one rule the server and the console decide by. */
import { describe, expect, it } from 'vitest';
import { decidePayout, payoutStatuses, type PayoutAction } from '../../src/shared/affiliates/affiliates';

const actions: PayoutAction[] = ['pay', 'convert', 'reject'];
const target = { pay: 'paid', convert: 'converted', reject: 'rejected' } as const;

describe('payout decisions', () => {
  it('decides a requested payout any of the three ways', () => {
    for (const a of actions) expect(decidePayout({ id: 7, status: 'requested' }, a)).toEqual({ ok: true, next: target[a] });
  });

  it('takes the same decision again as a retry that changes nothing, and refuses any other with one code', () => {
    for (const status of payoutStatuses.filter((s) => s !== 'requested')) {
      for (const a of actions) {
        const d = decidePayout({ id: 7, status }, a);
        if (target[a] === status) expect(d).toEqual({ ok: true, next: null });
        else expect(d).toEqual({ ok: false, code: 'payout_decided', reason: expect.stringMatching(/^payout #7 is .* already$/) });
      }
    }
  });
});
