import { SetMetadata, UnauthorizedException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from './auth.types.js';
import type { Role } from './entities/user.entity.js';

export const IS_PUBLIC_KEY = 'gg:auth:public';
export const ROLES_KEY = 'gg:auth:roles';

/** An /api route that needs no session (only login). Ignored on /v1: every /v1 route needs a client key. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Roles allowed on an /api route. Without it: reads (GET/HEAD) are open to every signed-in user and
 * every other method needs `admin`, so a route added without thought is never writable by a viewer.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

function requestOf(ctx: ExecutionContext): FastifyRequest {
  return ctx.switchToHttp().getRequest<FastifyRequest>();
}

/** The signed-in dashboard user `{ id, username, role }`. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = requestOf(ctx).authUser;
  if (!user) throw new UnauthorizedException('Sign in first.');
  return { id: user.id, username: user.username, role: user.role };
});

/** The id of the session the request was made with. */
export const CurrentSessionId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const id = requestOf(ctx).sessionId;
  if (!id) throw new UnauthorizedException('Sign in first.');
  return id;
});
