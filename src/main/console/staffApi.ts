/**
 * The server's REST calls the console makes besides sync (SyncApi): sign in and out, reveal
 * access info, announce presence, read and save the life-cycle settings. Each maps the
 * server's refusals to console errors.
 */
import { AuditPage, TeamResponse, type AuditQuery } from '../../shared/api/staffAdmin';
import { z } from 'zod';
import { LifecycleSettingsBody } from '../../shared/api/adminSettings';
import { TwoFactorEnrolmentSchema } from '../../shared/api/signInSecurity';
import { AccountPrivateData } from '../../shared/api/accountPrivateData';
import { HeldMailList } from '../../shared/api/heldMail';
import { AdminCatalogue } from '../../shared/catalogue/catalogue';
import { AdminNewsletters } from '../../shared/newsletters/newsletters';
import { ForumCategoryList, ForumThreadList, ForumThreadPage } from '../../shared/forum/forum';
import { AffiliateSettings, PayoutQueue } from '../../shared/affiliates/affiliates';
import { SessionUser } from '../../shared/console/schemas';
import { PresenceActivity } from '../../shared/sync/protocol';
import { isNetworkFailure } from '../../shared/networkFailure';
import { ConsoleError, unreachable } from './consoleErrors';

export type FetchImpl = typeof fetch;

const LoginResponse = z.object({ token: z.string(), user: SessionUser, recoveryCodes: z.array(z.string()).optional() });
const ServerError = z.object({ error: z.string(), message: z.string(), field: z.string().optional(), retryAfterSeconds: z.number().optional(), enrolment: TwoFactorEnrolmentSchema.optional() });
export const AccessInfoResponse = z.object({ entries: z.array(z.object({ id: z.number(), text: z.string(), createdAt: z.number() })) });

/** The server's base URL without a trailing slash (`https://h.example.com/helpdesk`). */
export function normalizeServerUrl(text: string): string {
  const url = new URL(text.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function request(fetchImpl: FetchImpl, serverUrl: string, path: string, init: RequestInit & { token?: string; asText?: boolean } = {}): Promise<unknown> {
  const { token, asText, ...rest } = init;
  let res: Response;
  try {
    res = await fetchImpl(`${serverUrl}${path}`, {
      ...rest,
      headers: { ...(rest.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: rest.signal ?? AbortSignal.timeout(15_000),
    });
  } catch (err) {
    if (isNetworkFailure(err)) throw unreachable(serverUrl, err);
    throw err;
  }
  const text = await res.text();
  // A download (the audit log's CSV): its text as it came.
  if (asText && res.ok) return text;
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: not our server, or a proxy's error page.
    if (res.ok) throw new ConsoleError({ code: 'bad_response', message: `${serverUrl} did not answer like a Switchboard server` });
  }
  if (res.ok) return body;
  const e = ServerError.safeParse(body);
  if (res.status === 429) {
    const retryAfterSeconds = e.success ? e.data.retryAfterSeconds : Number(res.headers.get('retry-after')) || undefined;
    throw new ConsoleError({ code: 'rate_limited', message: e.success ? e.data.message : 'too many attempts; try again later', ...(retryAfterSeconds ? { retryAfterSeconds } : {}) });
  }
  if (!e.success) throw new ConsoleError({ code: `http_${res.status}`, message: `${serverUrl} answered ${res.status} ${res.statusText}` });
  throw new ConsoleError({ code: e.data.error, message: e.data.message, ...(e.data.field ? { field: e.data.field } : {}), ...(e.data.enrolment ? { twoFactorEnrolment: e.data.enrolment } : {}) });
}

export async function login(fetchImpl: FetchImpl, serverUrl: string, email: string, password: string, code?: string): Promise<z.infer<typeof LoginResponse>> {
  const body = await request(fetchImpl, serverUrl, '/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password, ...(code ? { code } : {}) }) });
  const parsed = LoginResponse.safeParse(body);
  if (!parsed.success) throw new ConsoleError({ code: 'bad_response', message: `${serverUrl} did not answer like a Switchboard server` });
  return parsed.data;
}

export async function logout(fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<void> {
  await request(fetchImpl, serverUrl, '/api/auth/logout', { method: 'POST', token, signal: AbortSignal.timeout(3000) });
}

export async function revealAccessInfo(fetchImpl: FetchImpl, serverUrl: string, token: string, ticketId: number): Promise<z.infer<typeof AccessInfoResponse>> {
  return AccessInfoResponse.parse(await request(fetchImpl, serverUrl, `/api/staff/tickets/${ticketId}/access-info`, { token }));
}

export async function announcePresence(fetchImpl: FetchImpl, serverUrl: string, token: string, ticketId: number, activity: z.infer<typeof PresenceActivity>): Promise<void> {
  await request(fetchImpl, serverUrl, '/api/sync/presence', { method: 'POST', token, body: JSON.stringify({ ticketId, activity }), signal: AbortSignal.timeout(5000) });
}

/** A signed-in call of the own sign-in security routes (sessions, two-factor), its answer checked by `schema`. */
export async function securityCall<T>(fetchImpl: FetchImpl, serverUrl: string, token: string, schema: z.ZodType<T>, method: string, path: string, body?: unknown): Promise<T> {
  return schema.parse(await request(fetchImpl, serverUrl, path, { method, token, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
}

/** Staff of one of the account's tickets: its ledger and certificates, which their cache does not hold. */
export async function readAccountPrivateData(fetchImpl: FetchImpl, serverUrl: string, token: string, accountId: number): Promise<AccountPrivateData> {
  return AccountPrivateData.parse(await request(fetchImpl, serverUrl, `/api/staff/accounts/${accountId}/private`, { token }));
}

/** Dispatchers: the held inbound mail waiting for a decision. */
export async function readHeldMails(fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<HeldMailList> {
  return HeldMailList.parse(await request(fetchImpl, serverUrl, '/api/staff/held-mails', { token }));
}

/** The admin settings the server keeps (`/api/admin/settings/<name>`), each with its schema. */
const adminSettingSchemas = { lifecycle: LifecycleSettingsBody, affiliate: AffiliateSettings } as const;
type AdminSettingName = keyof typeof adminSettingSchemas;
type AdminSetting<N extends AdminSettingName> = z.infer<(typeof adminSettingSchemas)[N]>;

/** Admins: one group of settings as the server holds it now. */
export async function readAdminSetting<N extends AdminSettingName>(fetchImpl: FetchImpl, serverUrl: string, token: string, name: N): Promise<AdminSetting<N>> {
  return adminSettingSchemas[name].parse(await request(fetchImpl, serverUrl, `/api/admin/settings/${name}`, { token })) as AdminSetting<N>;
}

/** Admins: replaces one group of settings; the server answers with what it stored. */
export async function saveAdminSetting<N extends AdminSettingName>(fetchImpl: FetchImpl, serverUrl: string, token: string, name: N, value: AdminSetting<N>): Promise<AdminSetting<N>> {
  return adminSettingSchemas[name].parse(await request(fetchImpl, serverUrl, `/api/admin/settings/${name}`, { method: 'PUT', token, body: JSON.stringify(value) })) as AdminSetting<N>;
}

/** Admins: the team (people, invitations, departments) as the server holds it now. */
export async function readTeam(fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<TeamResponse> {
  return TeamResponse.parse(await request(fetchImpl, serverUrl, '/api/admin/staff', { token }));
}

/** Billing: affiliate payouts waiting for a decision, and the latest decided. */
export async function readPayoutQueue(fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<PayoutQueue> {
  return PayoutQueue.parse(await request(fetchImpl, serverUrl, '/api/billing/affiliate-payouts', { token }));
}

/** Admins: the whole catalogue with price histories, as the server holds it now. */
export async function readAdminCatalogue(fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<AdminCatalogue> {
  return AdminCatalogue.parse(await request(fetchImpl, serverUrl, '/api/admin/catalogue', { token }));
}

/** Admins: sent newsletter issues with their counts, as the server holds them now. */
export async function readAdminNewsletters(fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<AdminNewsletters> {
  return AdminNewsletters.parse(await request(fetchImpl, serverUrl, '/api/admin/newsletters', { token }));
}
/** Staff: the forum as staff see it (hidden posts and reasons included). */
export const readForum = {
  categories: async (fetchImpl: FetchImpl, serverUrl: string, token: string): Promise<ForumCategoryList> =>
    ForumCategoryList.parse(await request(fetchImpl, serverUrl, '/api/forum/categories', { token })),
  /** A page of a category's threads or of a search's, after `cursor` (the page before's nextCursor). */
  threads: async (fetchImpl: FetchImpl, serverUrl: string, token: string, a: { categoryId?: number; search?: string; cursor?: string }): Promise<ForumThreadList> => {
    const cursor: Record<string, string> = a.cursor !== undefined ? { cursor: a.cursor } : {};
    const path = a.search !== undefined
      ? `/api/forum/search?${new URLSearchParams({ q: a.search, ...(a.categoryId ? { categoryId: String(a.categoryId) } : {}), ...cursor })}`
      : `/api/forum/categories/${a.categoryId}/threads${a.cursor !== undefined ? `?${new URLSearchParams(cursor)}` : ''}`;
    return ForumThreadList.parse(await request(fetchImpl, serverUrl, path, { token }));
  },
  thread: async (fetchImpl: FetchImpl, serverUrl: string, token: string, threadId: number): Promise<ForumThreadPage> =>
    ForumThreadPage.parse(await request(fetchImpl, serverUrl, `/api/forum/threads/${threadId}`, { token })),
};

const auditSearch = (filters: AuditQuery): string =>
  new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '').map(([k, v]): [string, string] => [k, String(v)])).toString();

/** Admins: a page of the audit log, newest first. */
export async function readAudit(fetchImpl: FetchImpl, serverUrl: string, token: string, filters: AuditQuery): Promise<AuditPage> {
  return AuditPage.parse(await request(fetchImpl, serverUrl, `/api/admin/audit?${auditSearch(filters)}`, { token }));
}

/** Admins: the audit log with these filters as CSV text. */
export async function exportAudit(fetchImpl: FetchImpl, serverUrl: string, token: string, filters: AuditQuery): Promise<string> {
  const { limit: _limit, before: _before, ...rest } = filters;
  return String(await request(fetchImpl, serverUrl, `/api/admin/audit.csv?${auditSearch(rest)}`, { token, asText: true, signal: AbortSignal.timeout(60_000) }));
}
