/**
 * The console's client for the server's sync endpoints (SYNC.md). It only speaks HTTP:
 * bodies are validated here, and decisions about what to do with them are the engine's.
 */
import { z } from 'zod';
import { LifecycleSettingsBody } from '../../shared/api/adminSettings';
import { Role, type LifecycleSettings } from '../../shared/domain/model';
import { bootstrapNextHeader, ChangesResponse, PushResponse, type PushRequest } from '../../shared/sync/protocol';

export type FetchImpl = typeof fetch;

/** An HTTP answer other than success, with the server's error code when it sent one. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

export const SessionUser = z.object({ id: z.number(), name: z.string(), role: Role, departmentIds: z.array(z.number()) });
export type SessionUser = z.infer<typeof SessionUser>;

export interface SyncApiOptions {
  serverUrl: string;
  token: string;
  fetch: FetchImpl;
}

export class SyncApi {
  constructor(private readonly opts: SyncApiOptions) {}

  setToken(token: string): void {
    this.opts.token = token;
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await this.opts.fetch(new URL(path, this.opts.serverUrl), {
      ...init,
      headers: { authorization: `Bearer ${this.opts.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const parsed = z.object({ error: z.string(), message: z.string() }).safeParse(body);
    const code = parsed.success ? parsed.data.error : `http_${res.status}`;
    const message = parsed.success ? parsed.data.message : `${res.status} ${res.statusText}`;
    throw new SyncHttpError(res.status, code, `${path.split('?')[0]}: ${message}`, body);
  }

  async session(): Promise<SessionUser> {
    const res = await this.request('/api/auth/session');
    return z.object({ user: SessionUser }).parse(await res.json()).user;
  }

  /** The server's life-cycle settings (turnaround targets, periods, HotRush surcharge). */
  async lifecycleSettings(signal?: AbortSignal): Promise<LifecycleSettings> {
    const res = await this.request('/api/sync/settings', { signal });
    return LifecycleSettingsBody.parse(await res.json());
  }

  /**
   * A bootstrap page as a byte stream of NDJSON lines, once its headers are in; `next` is the
   * next page's key when the server told it up front (`bootstrapNextHeader`).
   */
  async bootstrapPage(after: string | null, limit: number, signal?: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; next: string | null }> {
    const q = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
    const res = await this.request(`/api/sync/bootstrap?${q}`, { signal });
    if (!res.body) throw new SyncHttpError(res.status, 'empty_body', 'bootstrap: the server sent no body', null);
    return { body: res.body, next: res.headers.get(bootstrapNextHeader) };
  }

  async changes(cursor: string, limit: number, clientId: string, signal?: AbortSignal): Promise<ChangesResponse> {
    const q = new URLSearchParams({ cursor, limit: String(limit), clientId });
    const res = await this.request(`/api/sync/changes?${q}`, { signal });
    return ChangesResponse.parse(await res.json());
  }

  async push(body: PushRequest, signal?: AbortSignal): Promise<PushResponse> {
    const res = await this.request('/api/sync/push', { method: 'POST', body: JSON.stringify(body), signal });
    return PushResponse.parse(await res.json());
  }

  /** Opens the Server-Sent Events stream; the caller reads the body. */
  events(signal: AbortSignal): Promise<Response> {
    return this.request('/api/sync/events', { signal, headers: { accept: 'text/event-stream' } });
  }
}
