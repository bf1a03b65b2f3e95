/**
 * Signing in and out, and resuming a saved session at start. Holds the one current session;
 * every handler that needs the cache asks it for the session (or gets `not_signed_in`).
 */
import { isStaff } from '../../shared/domain/model';
import type { SessionInfo } from '../../shared/console/schemas';
import { SyncHttpError } from '../sync/syncApi';
import { endReason } from '../sync/syncEngine';
import { ConsoleError, notSignedIn } from './consoleErrors';
import { ConsoleSession, signedOutReasons, signedOutStatus, type SessionOptions } from './consoleSession';
import { login, logout, normalizeServerUrl } from './staffApi';
import type { StoredSession, TokenStore } from './tokenStore';

export class SessionHolder {
  private current: ConsoleSession | null = null;
  /** The first sync of the current session (tests and start-up may wait for it). */
  firstSync: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: SessionOptions,
    private readonly tokens: TokenStore,
  ) {}

  get session(): ConsoleSession | null {
    return this.current;
  }

  require(): ConsoleSession {
    if (!this.current) throw notSignedIn();
    return this.current;
  }

  /** Opens the saved session, if any; works offline from the cache. */
  async resume(): Promise<SessionInfo | null> {
    const saved = await this.tokens.load();
    if (!saved) return null;
    return this.open(saved).info;
  }

  async signIn(input: { serverUrl: string; email: string; password: string; code?: string }): Promise<SessionInfo> {
    const serverUrl = normalizeServerUrl(input.serverUrl);
    const { token, user, recoveryCodes } = await login(this.opts.fetch, serverUrl, input.email, input.password, input.code);
    if (!isStaff(user.role)) {
      await logout(this.opts.fetch, serverUrl, token).catch(() => undefined);
      throw new ConsoleError({ code: 'not_staff', message: 'this console is for staff accounts; customers use the customer area', field: 'email' });
    }
    await this.close();
    const stored: StoredSession = { serverUrl, token, user };
    await this.tokens.save(stored);
    const info = this.open(stored).info;
    // Shown once by the sign-in form; never saved.
    return recoveryCodes ? { ...info, recoveryCodes } : info;
  }

  async signOut(): Promise<void> {
    const s = this.current;
    if (!s) return;
    await this.close();
    await this.tokens.clear();
    // Best effort: offline, the token simply expires on the server.
    await logout(this.opts.fetch, s.stored.serverUrl, s.stored.token).catch(() => undefined);
    this.opts.emit('syncStatus', signedOutStatus);
  }

  async close(): Promise<void> {
    const s = this.current;
    this.current = null;
    if (s) await s.close();
  }

  /**
   * The server ended the session (deactivated, signed out elsewhere, expired): the console
   * closes the cache (nothing of it is shown until someone signs in again), forgets the token
   * and tells the sign-in form why. The cache file stays for that user's next sign-in.
   */
  private async ended(session: ConsoleSession, reason: keyof typeof signedOutReasons): Promise<void> {
    if (this.current !== session) return;
    // Nothing of the cache is served from here on; the screens hear it before the engine has wound down.
    this.current = null;
    await this.tokens.clear();
    this.opts.emit('syncStatus', { ...signedOutStatus, lastError: signedOutReasons[reason] });
    await session.close();
  }

  private open(stored: StoredSession): ConsoleSession {
    const session = new ConsoleSession(stored, this.opts);
    this.current = session;
    // Once per session: the engine's event and a failed first sync may both report the end.
    let ending: Promise<void> | undefined;
    const end = (reason: keyof typeof signedOutReasons) => (ending ??= this.ended(session, reason));
    session.engine.on('signedOut', ({ reason }) => void end(reason));
    this.firstSync = session.start().catch(async (err: unknown) => {
      // The server no longer knows the token (expired, signed out elsewhere): back to the sign-in form.
      if (err instanceof SyncHttpError && err.status === 401) return end(endReason(err));
      if (this.current !== session) return;
      console.error('sync could not start', err);
      session.sendStatus();
    });
    session.sendStatus();
    return session;
  }
}
