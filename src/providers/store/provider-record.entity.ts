import { Column, Entity, PrimaryColumn } from 'typeorm';
import { requiredBigint } from '../../database/index.js';

/**
 * A provider defined through the admin API (the `providers` table). The API key is stored only sealed
 * (AES-256-GCM, `api_key_enc`); `api_key_last4` is kept for display and only for keys long enough that four
 * characters give nothing away. Everything else that shapes the provider lives in `settings` (JSON).
 */
@Entity({ name: 'providers' })
export class ProviderRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) name: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) base_url: string | null;
  @Column({ type: 'text', nullable: true }) api_key_enc: string | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) api_key_last4: string | null;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @Column({ type: 'text', nullable: true }) settings: string | null;
  @Column(requiredBigint) created_at: number;
  @Column(requiredBigint) updated_at: number;
}
