import { ENV_PROVIDERS, type PriceConfig, type ProviderConfig, type ProviderKind } from '../../config/index.js';

export type { ProviderKind };

export type ProviderSource = 'config' | 'env' | 'database';
export type BreakerStateName = 'closed' | 'open' | 'half_open';

/** A `pricing` entry, as the config defines it (the registry's price rule reads it). */
export type ProviderPriceConfig = Readonly<PriceConfig>;

/** Everything the gateway needs to serve one provider (from config.yaml, the env keys, or the database). */
export interface ProviderDefinition {
  name: string;
  kind: ProviderKind;
  base_url?: string;
  api_key?: string;
  /** Several keys (config `api_keys`, key_env already resolved): used instead of `api_key`. */
  api_keys?: Array<{ key: string; weight: number; rpm?: number; tpm?: number }>;
  preset?: string;
  timeout_seconds: number;
  stream_idle_seconds: number;
  retry: { attempts: number; backoff_ms: number[] };
  breaker: { consecutive_failures: number; half_open_after_seconds: number };
  pricing?: Record<string, ProviderPriceConfig>;
  models?: string[];
  enabled: boolean;
  source: ProviderSource;
  id?: string;
}

/** What the registry lists (never the key). */
export interface ProviderSummary {
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  source: ProviderSource;
  enabled: boolean;
  state: BreakerStateName;
  id?: string;
}

/** A provider the env keys added (name, kind, key variable and preset match the contract's table; no base URL of its own but Ollama's). */
function isFromEnv(p: ProviderConfig): boolean {
  return ENV_PROVIDERS.some(
    (e) =>
      e.name === p.name &&
      e.kind === p.kind &&
      (e.keyless ? p.api_key_env === undefined && p.base_url !== undefined : p.api_key_env === e.env && p.base_url === undefined) &&
      (e.preset ?? undefined) === (p.preset ?? undefined),
  );
}

/** The config loader's typed provider (api_key already resolved from api_key_env) as a definition. */
export function definitionFromConfig(p: ProviderConfig): ProviderDefinition {
  return {
    name: p.name,
    kind: p.kind,
    ...(p.base_url ? { base_url: p.base_url } : {}),
    ...(p.api_key ? { api_key: p.api_key } : {}),
    ...(p.api_keys?.length ? { api_keys: p.api_keys.map((k) => ({ key: k.key ?? '', weight: k.weight, ...(k.rpm ? { rpm: k.rpm } : {}), ...(k.tpm ? { tpm: k.tpm } : {}) })) } : {}),
    ...(p.preset ? { preset: p.preset } : {}),
    timeout_seconds: p.timeout_seconds,
    stream_idle_seconds: p.stream_idle_seconds,
    retry: { attempts: p.retry.attempts, backoff_ms: [...p.retry.backoff_ms] },
    breaker: { consecutive_failures: p.breaker.consecutive_failures, half_open_after_seconds: p.breaker.half_open_after_seconds },
    ...(p.pricing ? { pricing: { ...p.pricing } } : {}),
    ...(p.models ? { models: [...p.models] } : {}),
    enabled: p.enabled,
    source: isFromEnv(p) ? 'env' : 'config',
  };
}
