/**
 * The referral a visitor came with, kept through sign-in: an httpOnly cookie, signed (so a
 * visitor cannot back-date the visit), with the code and the time of the visit, living as
 * long as the program's window.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../config/serverConfig';
import { cookieOptions } from '../portal/browserSession';

const referralCookie = 'sb_ref';

export function setReferralCookie(reply: FastifyReply, config: ServerConfig, code: string, clickedAt: number, windowMs: number): void {
  reply.setCookie(referralCookie, `${code}.${clickedAt}`, { ...cookieOptions(config), signed: true, maxAge: Math.floor(windowMs / 1000) });
}

export function clearReferralCookie(reply: FastifyReply, config: ServerConfig): void {
  reply.clearCookie(referralCookie, cookieOptions(config));
}

/** The request's referral, or null (none, tampered, or malformed). */
export function referralOf(request: FastifyRequest): { code: string; clickedAt: number } | null {
  const raw = request.cookies?.[referralCookie];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  const m = unsigned.valid && unsigned.value ? /^([A-Z0-9]{8})\.(\d{1,15})$/.exec(unsigned.value) : null;
  return m ? { code: m[1]!, clickedAt: Number(m[2]) } : null;
}
