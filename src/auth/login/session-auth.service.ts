import { Injectable } from '@nestjs/common';
import { SessionsService } from '../../sessions/index.js';
import type { AuthUser } from '../auth.types.js';
import { UsersService } from '../users/users.service.js';

export interface SessionAuth {
  user: AuthUser;
  sessionId: string;
  expiresAt: number;
  renewed: boolean;
}

/**
 * Resolves a dashboard session token to its user. Reads the database on every call, so a revoked
 * session, a disabled user or a changed role takes effect on the very next request.
 * Also what the /ws gateway uses to check `?token=` or the cookie.
 */
@Injectable()
export class SessionAuthService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  async authenticate(token: string): Promise<SessionAuth | null> {
    const valid = await this.sessions.validate(token);
    if (!valid) return null;
    const user = await this.users.findById(valid.session.user_id);
    if (!user || user.disabled) return null;
    return {
      user: { id: user.id, username: user.username, role: user.role },
      sessionId: valid.session.id,
      expiresAt: valid.session.expires_at,
      renewed: valid.renewed,
    };
  }
}
