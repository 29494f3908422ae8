import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, CurrentSessionId, CurrentUser, Public, Roles, clearSessionCookie, setSessionCookie, type AuthUser } from '../../auth/index.js';
import { LoginDto } from './login.dto.js';
import { ApiNoBody } from '../openapi/api.decorators.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: returns a session token and sets the gg_session cookie' })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.auth.login(body.username, body.password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
    setSessionCookie(reply, request, result.token, result.expiresAt);
    return { token: result.token, expires_at: new Date(result.expiresAt).toISOString(), user: result.user };
  }

  @Roles('admin', 'viewer')
  @Post('logout')
  @ApiNoBody()
  @HttpCode(204)
  @ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
  @ApiOperation({ summary: 'Sign out: revokes the current session and clears the cookie' })
  async logout(@CurrentSessionId() sessionId: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(sessionId);
    clearSessionCookie(reply, request);
  }

  @Get('me')
  @ApiBearerAuth('session') @ApiCookieAuth('session-cookie')
  @ApiOperation({ summary: 'The signed-in user' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
