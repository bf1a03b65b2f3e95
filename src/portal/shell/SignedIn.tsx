/** Pages behind sign-in: a visitor is sent to sign in, and comes back to this very page after. */
import type { ReactNode } from 'react';
import { Redirect, useLocation, useRouter, useSearch } from 'wouter';
import { useSession } from '../api/session';
import { Notice } from './Page';

export function SignedIn({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const [location] = useLocation();
  // Inside a nested section (/licenses, /files…) the location is relative to the section's base.
  const { base } = useRouter();
  const search = useSearch();
  if (user === undefined) return <Notice>Loading…</Notice>;
  if (user === null) return <Redirect to={`~/sign-in?next=${encodeURIComponent(base + location + (search ? `?${search}` : ''))}`} replace />;
  return <>{children}</>;
}
