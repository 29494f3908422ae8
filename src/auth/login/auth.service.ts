import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { ApiError } from '../../common/index.js';
import { SessionsService } from '../../sessions/index.js';
import type { AuthUser } from '../auth.types.js';
import type { UserEntity } from '../entities/user.entity.js';
import { PasswordHasher } from '../users/password-hasher.js';
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
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly passwords: PasswordHasher,
  ) {}

  async login(username: string, password: string, meta: { ip: string; userAgent?: string | null }): Promise<LoginResult> {
    const wait = await this.throttle.retryAfterSeconds(username, meta.ip);
    if (wait > 0) throw ApiError.rateLimited(wait, 'Too many failed sign-in attempts; try again later.');
    const user = await this.users.findByUsername(username);
    const ok = await this.passwords.verify(password, user?.password_hash);
    if (!user || !ok || user.disabled) {
      await this.throttle.recordFailure(username, meta.ip);
      throw new UnauthorizedException(BAD_CREDENTIALS_MESSAGE);
    }
    await this.throttle.recordSuccess(username, meta.ip);
    if (this.passwords.outdated(user.password_hash)) await this.rehash(user, password);
    const { token, session } = await this.sessions.create(user.id, { ip: meta.ip, userAgent: meta.userAgent });
    return { token, expiresAt: session.expires_at, user: { id: user.id, username: user.username, role: user.role } };
  }

  /** A hash made at a lower cost is replaced by one at the current cost, now that the password is known. Never fails the sign-in. */
  private async rehash(user: UserEntity, password: string): Promise<void> {
    try {
      const next = await this.passwords.hash(password);
      if (await this.users.replacePasswordHash(user.id, user.password_hash, next)) this.logger.log({ user_id: user.id }, 'password hash upgraded to the current scrypt cost');
    } catch (err) {
      this.logger.warn({ user_id: user.id, reason: (err as Error).message }, 'password rehash failed; kept the old hash');
    }
  }

  /** Revoke the session the request was made with. */
  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }
}
