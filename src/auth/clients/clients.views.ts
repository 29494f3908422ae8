import type { BudgetView } from '../../billing/index.js';
import { microsToUsd } from '../../common/index.js';
import type { ClientEntity } from '../entities/client.entity.js';
import type { ClientKeyEntity } from '../entities/client-key.entity.js';

export interface ClientView {
  id: string;
  name: string;
  balance_usd: number;
  reserved_usd: number;
  allowed_models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  created_at: string;
  updated_at: string;
  /** absent: no budget */
  budget?: BudgetView;
  /** credit.low threshold in USD; absent: none */
  low_balance_usd?: number;
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
    balance_usd: microsToUsd(c.balance_micros),
    reserved_usd: microsToUsd(c.reserved_micros),
    allowed_models: c.allowed_models,
    rpm: c.rpm,
    tpm: c.tpm,
    created_at: new Date(c.created_at).toISOString(),
    updated_at: new Date(c.updated_at).toISOString(),
    ...(c.low_balance_micros === null || c.low_balance_micros === undefined ? {} : { low_balance_usd: microsToUsd(c.low_balance_micros) }),
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
