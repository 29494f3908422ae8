import { BreakerConfig, RetryConfig } from '../../config/index.js';

export interface ProviderPrice {
  input: number;
  output: number;
  cache_read?: number;
  cache_write?: number;
}

/** What a stored provider keeps in its `settings` JSON column. */
export interface ProviderSettings {
  preset?: string;
  timeout_seconds: number;
  stream_idle_seconds: number;
  retry: { attempts: number; backoff_ms: number[] };
  breaker: { consecutive_failures: number; half_open_after_seconds: number };
  pricing?: Record<string, ProviderPrice>;
  models?: string[];
}

export function defaultSettings(): ProviderSettings {
  const retry = new RetryConfig();
  const breaker = new BreakerConfig();
  return {
    timeout_seconds: 30,
    stream_idle_seconds: 60,
    retry: { attempts: retry.attempts, backoff_ms: [...retry.backoff_ms] },
    breaker: { consecutive_failures: breaker.consecutive_failures, half_open_after_seconds: breaker.half_open_after_seconds },
  };
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Read the column back; anything missing or malformed falls back to the defaults (never throws). */
export function parseSettings(raw: string | null): ProviderSettings {
  const base = defaultSettings();
  if (!raw) return base;
  let parsed: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return base;
    parsed = value as Record<string, unknown>;
  } catch {
    return base;
  }
  const retry = (parsed.retry ?? {}) as Record<string, unknown>;
  const breaker = (parsed.breaker ?? {}) as Record<string, unknown>;
  return {
    ...(typeof parsed.preset === 'string' && parsed.preset ? { preset: parsed.preset } : {}),
    timeout_seconds: num(parsed.timeout_seconds, base.timeout_seconds),
    stream_idle_seconds: num(parsed.stream_idle_seconds, base.stream_idle_seconds),
    retry: {
      attempts: num(retry.attempts, base.retry.attempts),
      backoff_ms: Array.isArray(retry.backoff_ms) ? retry.backoff_ms.filter((n): n is number => typeof n === 'number') : base.retry.backoff_ms,
    },
    breaker: {
      consecutive_failures: num(breaker.consecutive_failures, base.breaker.consecutive_failures),
      half_open_after_seconds: num(breaker.half_open_after_seconds, base.breaker.half_open_after_seconds),
    },
    ...(parsed.pricing && typeof parsed.pricing === 'object' ? { pricing: parsed.pricing as Record<string, ProviderPrice> } : {}),
    ...(Array.isArray(parsed.models) ? { models: parsed.models.filter((m): m is string => typeof m === 'string') } : {}),
  };
}

export function serializeSettings(settings: ProviderSettings): string {
  return JSON.stringify(settings);
}
