/** The frame of every page: skip link, the site's sections, who is signed in, and the page. */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { isOwner, useSession } from '../api/session';
import { useLiveTickets } from '../tickets/liveTickets';
import { sectionAt, sections } from './sections';

export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  // Live updates of the account's tickets while signed in (any page: the index shows them too).
  useLiveTickets(Boolean(user));
  const [location] = useLocation();
  const current = sectionAt(location);
  const visible = sections.filter((s) => (user ? !s.visitorsOnly : s.isPublic));
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href={user ? '/tickets' : '/faq'} className="brand">
          Customer account
        </Link>
        {user ? (
          <div className="whoami">
            <span>
              {user.name} ({user.email}){isOwner(user) ? '' : ' · secondary user'}
            </span>
            <button type="button" className="link-button" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        ) : (
          <div className="whoami">
            <Link href="/sign-in">Sign in</Link>
          </div>
        )}
      </header>
      <nav aria-label="Account sections" className="sections">
        <ul>
          {visible.map((s) => (
            <li key={s.path}>
              <Link href={s.path} aria-current={current?.path === s.path ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
