/** Pages behind sign-in: a visitor is sent to sign in, and comes back to this very page after. */
import type { ReactNode } from 'react';
import { Redirect, useLocation, useRouter, useSearch } from 'wouter';
import { useSession } from '../api/session';
import { Notice } from './Page';

export function SignedIn({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const [location] = useLocation();
  const { base } = useRouter();
  const search = useSearch();
  if (user === undefined) return <Notice>Loading…</Notice>;
  // Inside a nested section (`/files/folder/3`) the location is relative to it: `~` leaves the nest, `base` restores the full path.
  const here = location === '/' && base ? base : base + location;
  if (user === null) return <Redirect to={`~/sign-in?next=${encodeURIComponent(here + (search ? `?${search}` : ''))}`} replace />;
  return <>{children}</>;
}
