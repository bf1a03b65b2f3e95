/**
 * Who is signed in. The session itself is an httpOnly cookie the page cannot read; the page
 * asks the server (GET /api/portal/session), which also hands out the CSRF token.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../shared/domain/model';
import { api, setCsrfToken, whenSignedOut } from './portalClient';

export interface PortalUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  accountId: number | null;
}

interface SessionState {
  /** undefined while the first answer is on its way. */
  user: PortalUser | null | undefined;
  /** True when the server ended the session under us (expired, or signed out elsewhere). */
  expired: boolean;
  signIn(email: string, password: string): Promise<PortalUser>;
  signOut(): Promise<void>;
  reload(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<PortalUser | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const queryClient = useQueryClient();

  const reload = useCallback(async () => {
    const s = await api<{ user: PortalUser | null; csrfToken: string }>('GET', '/api/portal/session');
    setCsrfToken(s.csrfToken);
    setUser(s.user);
  }, []);

  useEffect(() => {
    reload().catch(() => setUser(null));
    whenSignedOut(() => {
      setExpired(true);
      setUser(null);
      queryClient.clear();
    });
  }, [reload, queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      expired,
      reload,
      async signIn(email, password) {
        const s = await api<{ user: PortalUser }>('POST', '/api/portal/session', { email, password });
        queryClient.clear();
        setExpired(false);
        setUser(s.user);
        return s.user;
      },
      async signOut() {
        await api('DELETE', '/api/portal/session');
        queryClient.clear();
        setUser(null);
        await reload();
      },
    }),
    [user, expired, reload, queryClient],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user (inside pages that require sign-in). */
export function useUser(): PortalUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser on a page that does not require sign-in');
  return user;
}

export const isOwner = (u: PortalUser): boolean => u.role === 'customer.primary';
