/**
 * The visitors' catalogue (no sign-in): what is on sale with prices; 'Order online' leads a
 * visitor to the guest order form (GuestOrderPage: the order opens their account, or they
 * sign in first), a signed-in customer to their own order form. A referral link lands here
 * (`/catalogue?ref=CODE`): the server keeps the code in an httpOnly cookie until the order
 * opens the account (POST /api/portal/referral), and the address loses it so a reload or a
 * shared link does not count the visit again.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api, errorText, PortalError } from '../api/portalClient';
import { useSession } from '../api/session';
import { Notice } from '../shell/Page';
import { CatalogueListPage } from './CatalogueListPage';
import './buy.css';

type Arrival = { tone: 'info' | 'warning'; text: string } | null;

/** Why a referral link changed nothing for a signed-in customer (src/shared/affiliates referralRefusal). */
function refusedText(e: unknown): string {
  const code = e instanceof PortalError ? e.code : null;
  if (code === 'self_referral') return 'This is your own account\'s referral link: referrals inside one account earn no commission.';
  if (code === 'not_new_account') return 'Welcome back! Partner referrals are for new customers: your account was opened before, so this link changes nothing.';
  return `The referral link could not be used: ${errorText(e)}`;
}

function useReferralArrival(): Arrival {
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const code = params.get('ref');
  const [arrival, setArrival] = useState<Arrival>(null);
  const sent = useRef(false);
  // Sent once the session's first read is in (user no longer undefined): that read sets the
  // CSRF secret, and a change racing it could carry a token of a secret just replaced.
  const { user } = useSession();
  const sessionKnown = user !== undefined;
  useEffect(() => {
    if (!code || sent.current || !sessionKnown) return;
    sent.current = true;
    api<{ remembered: boolean; recorded: boolean }>('POST', '/api/portal/referral', { code })
      .then((r) =>
        setArrival({
          tone: 'info',
          text: r.remembered
            ? 'Welcome! You came through a partner\'s referral link: it is kept for the order that opens your customer account.'
            : r.recorded
              ? 'Welcome! Your account is now registered as referred by this partner.'
              : 'Welcome back! Your account was referred by a partner before; that referral stays.',
        }),
      )
      .catch((e: unknown) => setArrival({ tone: 'warning', text: refusedText(e) }))
      .finally(() => navigate('/catalogue', { replace: true }));
  }, [code, navigate, sessionKnown]);
  return arrival;
}

export function PublicCataloguePage() {
  const { user } = useSession();
  const arrival = useReferralArrival();
  return (
    <CatalogueListPage
      orderHref={(id) => (user ? `/buy/order/${id}` : `/catalogue/order/${id}`)}
      intro={
        <>
          {arrival ? <Notice tone={arrival.tone}>{arrival.text}</Notice> : null}
          {user === null ? (
            <p>
              Licenses, add-ons, skins, technical support points, services and hosting plans with their prices. New here? &apos;Order online&apos; opens your
              customer account with your order. Already a customer? <Link href="/sign-in">Sign in</Link> first.
            </p>
          ) : null}
        </>
      }
    />
  );
}
