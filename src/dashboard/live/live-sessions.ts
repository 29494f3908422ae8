import { Injectable } from '@nestjs/common';
import { SessionAuthService, SessionsService } from '../../auth/index.js';

export interface LiveSession {
  sessionId: string;
  userId: string;
}

/** The session checks the live feed needs: at the handshake, and periodically while a socket is open. */
@Injectable()
export class LiveSessions {
  constructor(
    private readonly auth: SessionAuthService,
    private readonly sessions: SessionsService,
  ) {}

  /** The first offered token that names a live session of an enabled user, or null. */
  async authenticate(tokens: readonly string[]): Promise<LiveSession | null> {
    for (const token of tokens.slice(0, 3)) {
      const found = await this.auth.authenticate(token);
      if (found) return { sessionId: found.sessionId, userId: found.user.id };
    }
    return null;
  }

  /**
   * Which of these sessions are still live (not revoked, not expired). Reads only: an open socket does not
   * extend a session. Disabling a user revokes their sessions, which closes their sockets here.
   */
  async live(sessionIds: readonly string[], now = Date.now()): Promise<Set<string>> {
    const alive = new Set<string>();
    for (const id of sessionIds) {
      const session = await this.sessions.findById(id);
      if (session && session.expires_at > now) alive.add(id);
    }
    return alive;
  }
}
