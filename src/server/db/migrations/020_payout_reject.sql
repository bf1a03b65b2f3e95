-- Billing may reject an affiliate's payout request (issue 22), saying why: the affiliate reads
-- the reason in the portal. A rejected payout keeps its amount as it was asked for; its
-- commissions are released (payout_id back to NULL) in the same transaction, so they count in
-- the affiliate's approved balance again and can be asked for anew.
ALTER TABLE affiliate_payouts DROP CONSTRAINT affiliate_payouts_status_check;
ALTER TABLE affiliate_payouts ADD CONSTRAINT affiliate_payouts_status_check
  CHECK (status IN ('requested','paid','converted','rejected'));
ALTER TABLE affiliate_payouts ADD COLUMN reject_reason text;
ALTER TABLE affiliate_payouts ADD CONSTRAINT affiliate_payouts_reject_reason_check
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL));
