import { Column, Entity, PrimaryColumn } from 'typeorm';
import { requiredBigint } from '../../database/index.js';

export const ROLES = ['admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A dashboard user. `password_hash` is scrypt with a per-user salt (src/common/crypto/password.ts). */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) username: string;
  @Column({ type: 'varchar', length: 255 }) password_hash: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  @Column({ type: 'boolean', default: false }) disabled: boolean;
  @Column(requiredBigint) created_at: number;
  @Column(requiredBigint) updated_at: number;
}
