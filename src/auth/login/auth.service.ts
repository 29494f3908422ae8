import { Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiError, DUMMY_PASSWORD_HASH, verifyPassword } from '../../common/index.js';
import { SessionsService } from '../../sessions/index.js';
import type { AuthUser } from '../auth.types.js';
import { UsersService } from '../users/users.service.js';
import { LoginThrottle } from './login-throttle.js';

export const BAD_CREDENTIALS_MESSAGE = 'Invalid username or password.';

export interface LoginResult {
  token: string;
  expiresAt: number;
  user: AuthUser;
}

/** Login and logout. Unknown user, disabled user and wrong password get the same 401 after the same scrypt work. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, meta: { ip: string; userAgent?: string | null }): Promise<LoginResult> {
    const wait = this.throttle.retryAfterSeconds(username, meta.ip);
    if (wait > 0) throw ApiError.rateLimited(wait, 'Too many failed sign-in attempts; try again later.');
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
    if (!user || !ok || user.disabled) {
      this.throttle.recordFailure(username, meta.ip);
      throw new UnauthorizedException(BAD_CREDENTIALS_MESSAGE);
    }
    this.throttle.recordSuccess(username, meta.ip);
    const { token, session } = await this.sessions.create(user.id, { ip: meta.ip, userAgent: meta.userAgent });
    return { token, expiresAt: session.expires_at, user: { id: user.id, username: user.username, role: user.role } };
  }

  /** Revoke the session the request was made with. */
  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }
}
