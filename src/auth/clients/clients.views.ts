import type { BudgetView } from '../../billing/index.js';
import { moneyToDecimal, moneyToUsd } from '../../common/index.js';
import type { ClientEntity } from '../entities/client.entity.js';
import type { ClientKeyEntity } from '../entities/client-key.entity.js';

export interface ClientView {
  id: string;
  name: string;
  balance_usd: number;
  /** exact decimal of balance_usd (a JSON number carries at most ~15 significant digits) */
  balance_usd_exact: string;
  reserved_usd: number;
  reserved_usd_exact: string;
  allowed_models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  created_at: string;
  updated_at: string;
  /** absent: no budget */
  budget?: BudgetView;
  /** credit.low threshold in USD; absent: none */
  low_balance_usd?: number;
  low_balance_usd_exact?: string;
}

export interface ClientKeyView {
  id: string;
  name: string | null;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  /** absent: no budget */
  budget?: BudgetView;
}

export interface NewClientKeyView {
  id: string;
  /** The full key: returned by the create call only, never stored. */
  key: string;
  prefix: string;
  name: string | null;
  created_at: string;
  expires_at: string | null;
  budget?: BudgetView;
}

const iso = (ms: number | null): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function toClientView(c: ClientEntity): ClientView {
  return {
    id: c.id,
    name: c.name,
    balance_usd: moneyToUsd(c.balance_usd_e10),
    balance_usd_exact: moneyToDecimal(c.balance_usd_e10),
    reserved_usd: moneyToUsd(c.reserved_usd_e10),
    reserved_usd_exact: moneyToDecimal(c.reserved_usd_e10),
    allowed_models: c.allowed_models,
    rpm: c.rpm,
    tpm: c.tpm,
    created_at: new Date(c.created_at).toISOString(),
    updated_at: new Date(c.updated_at).toISOString(),
    ...(c.low_balance_usd_e10 === null || c.low_balance_usd_e10 === undefined ? {} : { low_balance_usd: moneyToUsd(c.low_balance_usd_e10), low_balance_usd_exact: moneyToDecimal(c.low_balance_usd_e10) }),
  };
}

export function toClientKeyView(k: ClientKeyEntity): ClientKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created_at: new Date(k.created_at).toISOString(),
    expires_at: iso(k.expires_at),
    revoked_at: iso(k.revoked_at),
    last_used_at: iso(k.last_used_at),
  };
}
