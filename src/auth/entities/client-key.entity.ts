import { Column, Entity, PrimaryColumn } from 'typeorm';
import { nullableBigint, nullableMoneyColumn, requiredBigint } from '../../database/index.js';

/** A client API key: only its sha-256 and a short display prefix are stored. */
@Entity({ name: 'client_keys' })
export class ClientKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) client_id: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) name: string | null;
  @Column({ type: 'varchar', length: 64 }) key_hash: string;
  @Column({ type: 'varchar', length: 24 }) prefix: string;
  @Column(requiredBigint) created_at: number;
  @Column(nullableBigint) expires_at: number | null;
  @Column(nullableBigint) revoked_at: number | null;
  @Column(nullableBigint) last_used_at: number | null;
  /** The key's own budget (owner: billing's BudgetService). */
  @Column(nullableMoneyColumn) budget_limit_usd_e10: bigint | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) budget_period: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) budget_alert_pct: string | null;
}
