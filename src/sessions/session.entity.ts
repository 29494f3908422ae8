import { Column, Entity, PrimaryColumn } from 'typeorm';
import { requiredBigint } from '../database/index.js';

/** A dashboard login session. Only the sha-256 of the token is stored. Timestamps are epoch milliseconds. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) user_id: string;
  @Column({ type: 'varchar', length: 64 }) token_hash: string;
  @Column(requiredBigint) created_at: number;
  @Column(requiredBigint) last_seen_at: number;
  @Column(requiredBigint) expires_at: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @Column({ type: 'varchar', length: 512, nullable: true }) user_agent: string | null;
}

