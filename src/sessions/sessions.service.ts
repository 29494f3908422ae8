import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, MoreThan, type Repository } from 'typeorm';
import { AppConfig } from '../config/index.js';
import { SessionEntity } from './session.entity.js';
import { looksLikeSessionToken, newSessionToken, sessionTokenHash } from './session-token.js';

/** last_seen_at / expires_at are written at most this often per session (sliding expiry without a write per request). */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export interface SessionListItem {
  id: string;
  user_id: string;
  username: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface ValidatedSession {
  session: SessionEntity;
  /** True when this validation slid the expiry forward (callers may refresh the cookie). */
  renewed: boolean;
}

function clip(value: string | null | undefined, max: number): string | null {
  if (!value) return null;
  return value.length > max ? value.slice(0, max) : value;
}

/** Dashboard sessions: create, validate with a sliding TTL, revoke (an unknown id is an error), clean up. */
@Injectable()
export class SessionsService {
  private readonly ttlMs: number;

  constructor(
    @InjectRepository(SessionEntity) private readonly repo: Repository<SessionEntity>,
    config: AppConfig,
  ) {
    this.ttlMs = Math.round(config.sessions.ttl_hours * 3_600_000);
  }

  get ttlMilliseconds(): number {
    return this.ttlMs;
  }

  async create(userId: string, meta: { ip?: string | null; userAgent?: string | null } = {}, now = Date.now()): Promise<{ token: string; session: SessionEntity }> {
    const token = newSessionToken();
    const session = this.repo.create({
      id: randomUUID(),
      user_id: userId,
      token_hash: sessionTokenHash(token),
      created_at: now,
      last_seen_at: now,
      expires_at: now + this.ttlMs,
      ip: clip(meta.ip, 64),
      user_agent: clip(meta.userAgent, 512),
    });
    await this.repo.insert(session);
    return { token, session };
  }

  /** The live session for a token, or null (unknown, malformed or expired). Slides the expiry at most once a minute. */
  async validate(token: string, now = Date.now()): Promise<ValidatedSession | null> {
    if (!looksLikeSessionToken(token)) return null;
    const session = await this.repo.findOne({ where: { token_hash: sessionTokenHash(token) } });
    if (!session || session.expires_at <= now) return null;
    if (now - session.last_seen_at < SESSION_TOUCH_INTERVAL_MS) return { session, renewed: false };
    const expiresAt = now + this.ttlMs;
    // Conditional on the row still being live, so a concurrent revoke or expiry is never undone.
    const result = await this.repo.update({ id: session.id, expires_at: MoreThan(now) }, { last_seen_at: now, expires_at: expiresAt });
    if (!result.affected) return null;
    session.last_seen_at = now;
    session.expires_at = expiresAt;
    return { session, renewed: true };
  }

  async findById(id: string): Promise<SessionEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Live sessions, newest first, with the username; only `userId`'s when given. */
  async list(options: { userId?: string } = {}, now = Date.now()): Promise<SessionListItem[]> {
    const qb = this.repo
      .createQueryBuilder('s')
      .leftJoin('users', 'u', 'u.id = s.user_id')
      .select(['s.id AS id', 's.user_id AS user_id', 'u.username AS username', 's.created_at AS created_at', 's.last_seen_at AS last_seen_at', 's.expires_at AS expires_at', 's.ip AS ip', 's.user_agent AS user_agent'])
      .where('s.expires_at > :now', { now })
      .orderBy('s.created_at', 'DESC')
      .limit(1000);
    if (options.userId) qb.andWhere('s.user_id = :userId', { userId: options.userId });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: String(r.id),
      user_id: String(r.user_id),
      username: r.username == null ? null : String(r.username),
      created_at: Number(r.created_at),
      last_seen_at: Number(r.last_seen_at),
      expires_at: Number(r.expires_at),
      ip: r.ip == null ? null : String(r.ip),
      user_agent: r.user_agent == null ? null : String(r.user_agent),
    }));
  }

  /** Revoke one session. Throws 404 when there is no such session (never a silent no-op). */
  async revoke(id: string, options: { userId?: string } = {}): Promise<void> {
    const where = options.userId ? { id, user_id: options.userId } : { id };
    const result = await this.repo.delete(where);
    if (!result.affected) throw new NotFoundException(`Session ${id} does not exist.`);
  }

  /** Revoke every session of a user (disabled, deleted, password changed), except `exceptId`. Returns how many. */
  async revokeAllForUser(userId: string, exceptId?: string): Promise<number> {
    const qb = this.repo.createQueryBuilder().delete().from(SessionEntity).where('user_id = :userId', { userId });
    if (exceptId) qb.andWhere('id <> :exceptId', { exceptId });
    const result = await qb.execute();
    return result.affected ?? 0;
  }

  /** Delete expired sessions; returns how many rows went. */
  async cleanupExpired(now = Date.now()): Promise<number> {
    const result = await this.repo.delete({ expires_at: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
