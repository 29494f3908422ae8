import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn, nullableBigint, nullableMoneyColumn, requiredBigint } from '../../database/index.js';

/** allowed_models is stored as a JSON array of globs (null: every model). */
export const modelListTransformer = {
  to: (value: string[] | null | undefined): string | null | undefined => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null): string[] | null => {
    if (value === null || value === undefined || value === '') return null;
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : null;
    } catch {
      return null;
    }
  },
};

/** An API client. balance_usd_e10/reserved_usd_e10 belong to billing (read here, never written here). */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'text', nullable: true, transformer: modelListTransformer }) allowed_models: string[] | null;
  @Column({ type: 'integer', nullable: true }) rpm: number | null;
  @Column({ type: 'integer', nullable: true }) tpm: number | null;
  @Column({ ...moneyColumn, default: 0 }) balance_usd_e10: bigint;
  @Column({ ...moneyColumn, default: 0 }) reserved_usd_e10: bigint;
  @Column(requiredBigint) created_at: number;
  @Column(requiredBigint) updated_at: number;
  @Column(nullableBigint) deleted_at: number | null;
  /** The budget (owner: billing's BudgetService): limit, period and alert thresholds (JSON). */
  @Column(nullableMoneyColumn) budget_limit_usd_e10: bigint | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) budget_period: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) budget_alert_pct: string | null;
  /** credit.low fires when the balance falls below this (null: never). */
  @Column(nullableMoneyColumn) low_balance_usd_e10: bigint | null;
}
