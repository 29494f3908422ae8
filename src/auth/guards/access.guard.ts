import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../auth.decorators.js';
import type { Role } from '../entities/user.entity.js';
import { SessionAuthService } from '../login/session-auth.service.js';
import { setSessionCookie, SESSION_COOKIE } from '../login/session-cookie.js';
import { looksLikeClientKey, bearerToken } from '../keys/key-format.js';
import { ApiKeyGuard, isClientApiPath } from './api-key.guard.js';

const READ_METHODS = new Set(['GET', 'HEAD']);

function pathOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0];
}

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * The global guard (APP_GUARD), so no route can forget it:
 * - /api/**: a dashboard session (bearer token or gg_session cookie) unless @Public(); then roles:
 *   @Roles(...) when given, else reads for every role and writes for admins only.
 * - /v1/**: a client key, always (ApiKeyGuard has set the principal before the body was parsed); @Public() does not
 *   apply there.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionAuthService,
    private readonly apiKeys: ApiKeyGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const path = pathOf(request);
    if (isClientApiPath(path)) {
      await this.apiKeys.authenticate(request);
      return true;
    }
    if (!isApiPath(path)) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const header = bearerToken(request.headers.authorization);
    const cookie = request.cookies?.[SESSION_COOKIE];
    const token = header ?? cookie;
    if (!token) throw new UnauthorizedException('Sign in first: send the session token as "Authorization: Bearer <token>" or the gg_session cookie.');
    if (looksLikeClientKey(token)) throw new UnauthorizedException('Client API keys do not work on the admin API; sign in with a dashboard user.');
    const auth = await this.sessions.authenticate(token);
    if (!auth) throw new UnauthorizedException('The session is invalid or has expired; sign in again.');
    request.authUser = auth.user;
    request.sessionId = auth.sessionId;
    if (auth.renewed && !header && cookie) {
      setSessionCookie(context.switchToHttp().getResponse<FastifyReply>(), request, token, auth.expiresAt);
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets)
      ?? (READ_METHODS.has(request.method) ? (['admin', 'viewer'] as Role[]) : (['admin'] as Role[]));
    if (!roles.includes(auth.user.role)) throw new ForbiddenException(`This action needs the ${roles.join(' or ')} role.`);
    return true;
  }
}
