// Shapes of the admin API (CONTRACT.md section 3). Money is USD as numbers; timestamps are ISO strings.

export type Role = 'admin' | 'viewer';
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface List<T> {
  data: T[];
}

export interface User {
  id: string;
  username: string;
  role: Role;
}

export interface LoginResponse {
  token: string;
  expires_at: string;
  user: User;
}

export type BudgetPeriod = 'day' | 'week' | 'month' | 'total';

/** A budget as the API reads it back (absent on a client or key without one). */
export interface Budget {
  limit_usd: number;
  period: BudgetPeriod;
  alert_at_pct: number[];
  spend_usd: number;
  period_resets_at: string | null;
}

export interface BudgetInput {
  limit_usd: number;
  period: BudgetPeriod;
  alert_at_pct?: number[];
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  secret_set: boolean;
  read_only: boolean;
  created_at: string | null;
}

export interface WebhookDelivery {
  id: string;
  event_id: string;
  type: string;
  status: 'pending' | 'delivered' | 'cancelled';
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** A live-feed alert: the webhook event itself. */
export interface LiveAlert {
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

export interface Client {
  budget?: Budget;
  low_balance_usd?: number;
  id: string;
  name: string;
  balance_usd: number;
  /** the exact decimal of balance_usd */
  balance_usd_exact?: string;
  reserved_usd?: number;
  allowed_models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  created_at: string;
}

export interface ClientInput {
  name?: string;
  credit_usd?: number;
  allowed_models?: string[];
  rpm?: number | null;
  tpm?: number | null;
  budget?: BudgetInput | null;
  low_balance_usd?: number | null;
}

export interface ClientKey {
  budget?: Budget;
  id: string;
  name: string | null;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface NewClientKey {
  id: string;
  key: string;
  prefix: string;
  name?: string | null;
  created_at?: string;
  expires_at?: string | null;
}

export type LedgerKind = 'credit' | 'charge' | 'correction' | 'initial';

export interface LedgerEntry {
  id: string;
  amount_usd: number;
  kind: LedgerKind | string;
  request_id: string | null;
  note: string | null;
  estimated?: boolean;
  created_at: string;
}

export type ProviderKind = 'openai' | 'anthropic' | 'gemini' | 'ollama' | 'openai-compatible';
export const PROVIDER_KINDS: ProviderKind[] = ['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible'];

export interface Provider {
  id: string;
  name: string;
  kind: ProviderKind | string;
  base_url: string;
  api_key: string | null;
  enabled: boolean;
  timeout_seconds: number | null;
  source: 'config' | 'env' | 'database' | string;
  state: BreakerState | string;
}

export interface ProviderInput {
  name?: string;
  kind?: string;
  base_url?: string;
  api_key?: string;
  timeout_seconds?: number;
  enabled?: boolean;
}

export interface ProviderTestResult {
  ok: boolean;
  latency_ms: number | null;
  message: string | null;
}

export interface Model {
  id: string;
  provider: string | null;
  name: string | null;
  input_price: number | null;
  output_price: number | null;
  cache_read_price: number | null;
  cache_write_price: number | null;
  context: number | null;
  max_output: number | null;
  served_by: string[];
  /** Long-context prices: above `above_tokens` prompt tokens, all tokens at these rates. */
  tiers?: { above_tokens: number; input_price: number; output_price: number; cache_read_price: number | null; cache_write_price: number | null }[];
}

export interface RouteResult {
  model: string;
  strategy?: string;
  alias_of?: string | null;
  candidates: { provider: string; upstream_model: string; state: BreakerState | string; role?: 'target' | 'fallback'; weight?: number | null; cooling_ms?: number }[];
  price: { input: number | null; output: number | null; cache_read: number | null; cache_write: number | null } | null;
}

export type UsageGroup = 'client' | 'model' | 'provider' | 'day' | 'hour' | 'key' | 'tag' | 'surface';

export interface UsageRow {
  key: string;
  requests: number;
  errors: number;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  avg_latency_ms: number | null;
}

export interface LogEntry {
  request_id: string;
  created_at: string;
  client_id: string | null;
  client_name: string | null;
  key_id: string | null;
  model: string | null;
  provider: string | null;
  status: number | string;
  error_code: string | null;
  latency_ms: number | null;
  ttfb_ms: number | null;
  stream: boolean;
  input_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  estimated: boolean;
  /** chat, embeddings, messages or responses */
  surface?: string;
  [extra: string]: unknown;
}

export interface LogPage {
  data: LogEntry[];
  next_cursor: string | null;
}

export interface AdminUser {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string;
}

export interface Session {
  id: string;
  user_id: string;
  username: string;
  created_at: string;
  last_seen_at: string | null;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export interface SystemInfo {
  version: string;
  uptime_seconds: number;
  pid: number;
  node_version: string;
  database: { kind: 'sqlite' | 'postgres' | string; size_bytes: number | null };
  registry: { source: string; loaded_at: string | null; as_of?: string | null; age_seconds?: number | null; models: number };
  providers: { name: string; kind: string; state: BreakerState | string }[];
}

// Live feed (/ws) messages.
export interface LiveRequest {
  request_id: string;
  client: string | null;
  model: string | null;
  provider: string | null;
  status: number | string;
  latency_ms: number | null;
  tokens: number | Record<string, number> | null;
  cost_usd: number | null;
  surface?: string;
}

export interface LiveProvider {
  name: string;
  state: BreakerState | string;
}

export interface LiveCredit {
  client_id: string;
  balance_usd: number;
  balance_usd_exact?: string;
}

export interface RoutingKey {
  label: string;
  masked: string;
  weight: number;
  state: 'available' | 'cooling' | 'revoked' | 'at_limit' | string;
  cooling_ms: number;
  rpm_limit: number | null;
  tpm_limit: number | null;
  rpm: number;
  tpm: number;
  served: number;
  share: number;
}

export interface RoutingDeployment {
  provider: string;
  kind: string;
  state: string;
  cooling_ms: number;
  in_flight: number;
  latency_ms: number | null;
  served: number;
  failed: number;
  share: number;
  keys: RoutingKey[];
}

export interface RoutingStatus {
  deployments: RoutingDeployment[];
  rules: { match: string; strategy: string; targets: { provider: string; weight: number }[]; fallback: string[] }[];
  aliases: Record<string, string>;
}
