import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'gg_session';

function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https' };
}

/** `gg_session`: HttpOnly, SameSite=Strict, Path=/, Secure when the request came over https; lives as long as the session. */
export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, expiresAt: number): void {
  const maxAge = Math.max(1, Math.floor((expiresAt - Date.now()) / 1000));
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge, expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}
