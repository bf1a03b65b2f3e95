/**
 * Browser sessions for the customer portal: the session token travels in an httpOnly cookie
 * (never in script-readable storage), and every state-changing request made with that cookie
 * must carry a CSRF token in the `x-csrf-token` header. The token is made and checked by
 * @fastify/csrf from a per-browser secret kept in a signed httpOnly cookie (double submit: a
 * page of another site can send the cookies but can neither read them nor the token). Bearer
 * tokens (scripts, the console) are not ambient credentials and need no CSRF token.
 */
import fastifyCookie, { type CookieSerializeOptions } from '@fastify/cookie';
import CsrfTokens from '@fastify/csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localSecret } from '../config/localSecret';
import { publicUrlOf, type ServerConfig } from '../config/serverConfig';
import { bearerToken } from '../auth/sessions';
import { ApiError } from '../http/errors';

export const sessionCookie = 'sb_session';
const csrfCookie = 'sb_csrf';
export const csrfHeader = 'x-csrf-token';
const tokens = new CsrfTokens({});

/** Secure only when the portal is served over https (a plain-http demo must still sign in). */
export function cookieOptions(config: ServerConfig): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: publicUrlOf(config).startsWith('https:'), path: '/' };
}

export async function registerBrowserSessions(app: FastifyInstance, config: ServerConfig): Promise<void> {
  await app.register(fastifyCookie, { secret: config.cookieSecret ?? localSecret(config, 'cookie-secret') });
}

/** The session token of the request's cookie, or null. */
export function cookieToken(request: FastifyRequest): string | null {
  const raw = request.cookies?.[sessionCookie];
  return raw && /^[A-Za-z0-9_-]{20,200}$/.test(raw) ? raw : null;
}

/** The request's session token as the registrar reads it: the bearer token first, else the portal's cookie. */
export function sessionTokenOf(request: FastifyRequest): string | null {
  return bearerToken(request.headers.authorization) ?? cookieToken(request);
}

export function setSessionCookie(reply: FastifyReply, config: ServerConfig, token: string, expiresAt: number): void {
  reply.setCookie(sessionCookie, token, { ...cookieOptions(config), expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply, config: ServerConfig): void {
  reply.clearCookie(sessionCookie, cookieOptions(config));
}

function csrfSecret(request: FastifyRequest): string | null {
  const raw = request.cookies?.[csrfCookie];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid ? unsigned.value : null;
}

/** A CSRF token for this browser, setting its secret cookie on the first call. */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply, config: ServerConfig): string {
  let secret = csrfSecret(request);
  if (!secret) {
    secret = tokens.secretSync();
    reply.setCookie(csrfCookie, secret, { ...cookieOptions(config), signed: true });
  }
  return tokens.create(secret);
}

/** Refuses the request (403, naming the header) unless it carries this browser's CSRF token. */
export function checkCsrf(request: FastifyRequest): void {
  const secret = csrfSecret(request);
  const token = request.headers[csrfHeader];
  if (!secret || typeof token !== 'string' || !tokens.verify(secret, token)) {
    throw new ApiError(403, 'csrf_token_invalid', `${csrfHeader}: missing or invalid CSRF token; reload the page and try again`, `header.${csrfHeader}`);
  }
}
