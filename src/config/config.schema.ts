import { Transform, Type } from 'class-transformer';
import { AlertsConfig } from './alerts.config.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsTrustProxy, normalizeTrustProxy, type TrustProxy } from './trust-proxy.js';
import { OtelConfig } from './otel.config.js';
import { PROVIDER_KINDS, type ProviderKind } from './provider-kinds.js';

/** The typed configuration. Keys mirror config.yaml (snake_case) so a message names the key the user wrote. */


export class ServerConfig {
  @IsInt() @Min(0) @Max(65535) port = 8080;
  @IsString() @MinLength(1) host = '0.0.0.0';
  @IsNumber() @Min(0.001) @Max(1024) body_limit_mb = 20;
  @IsArray() @IsString({ each: true }) cors_origins: string[] = [];
  @IsBoolean() docs_enabled = true;
  /** Behind a reverse proxy: whose X-Forwarded-For / X-Forwarded-Proto to believe (client address, scheme). */
  @Transform(({ value }) => normalizeTrustProxy(value)) @IsTrustProxy() trust_proxy: TrustProxy = false;
  /** Load shedding: answer 503 + Retry-After while the event loop's mean delay (ms) or memory (MiB) is over these; 0 turns one off. */
  @IsNumber() @Min(0) @Max(60_000) max_event_loop_delay_ms = 1000;
  @IsNumber() @Min(0) @Max(1_048_576) max_heap_used_mb = 0;
  @IsNumber() @Min(0) @Max(1_048_576) max_rss_mb = 0;
  @IsInt() @Min(1) @Max(3600) overload_retry_after_seconds = 5;
}

export class WebsocketConfig {
  @IsArray() @IsString({ each: true }) allowed_origins: string[] = [];
  @IsInt() @Min(1) @Max(3600) heartbeat_seconds = 25;
  @IsInt() @Min(1024) max_buffered_bytes = 1_048_576;
}

export class DatabaseConfig {
  @IsString() url = '';
}

export class SessionsConfig {
  @IsNumber() @Min(0.001) @Max(24 * 365) ttl_hours = 24;
  @IsNumber() @Min(0.01) @Max(24 * 60) cleanup_minutes = 15;
}

export class RegistryConfig {
  @IsString() url = 'https://models.dev/api.json';
  @IsNumber() @Min(0) @Max(7 * 24 * 60) refresh_minutes = 60;
}

export class BillingConfig {
  @IsIn(['reject', 'free']) unpriced_models: 'reject' | 'free' = 'reject';
  @IsInt() @Min(1) @Max(10_000_000) default_max_output_tokens = 4096;
}

export class LogsConfig {
  @IsInt() @Min(1) @Max(3650) retention_days = 30;
  @IsBoolean() bodies = false;
  @IsInt() @Min(10) @Max(60_000) flush_ms = 250;
  @IsInt() @Min(1) @Max(100_000) batch_size = 500;
  @IsInt() @Min(100) @Max(10_000_000) queue_limit = 100_000;
}

export class ResponsesConfig {
  /** How long stored Responses-API responses (store: true) are kept for previous_response_id and GET. */
  @IsNumber() @Min(0.0001) @Max(3650) retention_days = 30;
  @IsNumber() @Min(0.01) @Max(24 * 60) cleanup_minutes = 60;
}

export class RetryConfig {
  @IsInt() @Min(1) @Max(10) attempts = 3;
  @IsArray() @ArrayMaxSize(10) @IsInt({ each: true }) @Min(0, { each: true }) @Max(120_000, { each: true })
  backoff_ms: number[] = [1000, 2000, 4000];
}

export class BreakerConfig {
  @IsInt() @Min(1) @Max(1000) consecutive_failures = 3;
  @IsNumber() @Min(0.01) @Max(3600) half_open_after_seconds = 30;
}

export class PriceConfig {
  @IsNumber() @Min(0) input = 0;
  @IsNumber() @Min(0) output = 0;
  @IsOptional() @IsNumber() @Min(0) cache_read?: number;
  @IsOptional() @IsNumber() @Min(0) cache_write?: number;
}

/** One of several API keys of a provider (`api_keys`), spread by weight, each kept under its own provider-side limits. */
export class ProviderKeyConfig {
  @IsOptional() @IsString() key_env?: string;
  @IsOptional() @IsString() @MaxLength(4096) key?: string;
  @IsNumber() @Min(0.000001, { message: '$property must be greater than 0' }) @Max(1_000_000) weight = 1;
  @IsOptional() @IsInt() @Min(1) rpm?: number;
  @IsOptional() @IsInt() @Min(1) tpm?: number;
}

export class ProviderConfig {
  @IsString() @Matches(/^[a-z0-9][a-z0-9_.-]{0,62}$/, { message: '$property must be lowercase letters, digits, ".", "_" or "-"' })
  name: string;
  @IsIn(PROVIDER_KINDS as unknown as string[]) kind: ProviderKind;
  @IsOptional() @IsString() @Matches(/^https?:\/\/[^\s]+$/, { message: '$property must be an http(s) URL' })
  base_url?: string;
  @IsOptional() @IsString() api_key_env?: string;
  @IsOptional() @IsString() @MaxLength(4096) api_key?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(64) @ValidateNested({ each: true }) @Type(() => ProviderKeyConfig) api_keys?: ProviderKeyConfig[];
  @IsOptional() @IsString() preset?: string;
  @IsNumber() @Min(0.001) @Max(3600) timeout_seconds = 30;
  @IsNumber() @Min(0.001) @Max(3600) stream_idle_seconds = 60;
  @ValidateNested() @Type(() => RetryConfig) retry: RetryConfig = new RetryConfig();
  @ValidateNested() @Type(() => BreakerConfig) breaker: BreakerConfig = new BreakerConfig();
  @IsOptional() @IsObject() pricing?: Record<string, PriceConfig>;
  @IsOptional() @IsArray() @IsString({ each: true }) models?: string[];
  @IsBoolean() enabled = true;
}

export const ROUTING_STRATEGIES = ['ordered', 'weighted', 'least_busy', 'lowest_latency'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** One deployment serving a rule's model (`routing[].targets`). */
export class RoutingTarget {
  @IsString() @MinLength(1) provider: string;
  @IsNumber() @Min(0.000001, { message: '$property must be greater than 0' }) @Max(1_000_000) weight = 1;
  @IsOptional() @IsString() @MinLength(1) model?: string;
}

export class RoutingRule {
  @IsString() @MinLength(1) match: string;
  /** One provider; a rule names either `provider` or `targets` (see config.routing.ts). */
  @IsOptional() @IsString() @MinLength(1) provider?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(64) @ValidateNested({ each: true }) @Type(() => RoutingTarget) targets?: RoutingTarget[];
  @IsOptional() @IsIn(ROUTING_STRATEGIES as unknown as string[]) strategy?: RoutingStrategy;
  @IsOptional() @IsArray() @IsString({ each: true }) fallback?: string[];
  @IsOptional() @IsString() model?: string;
}

/** Values that only come from the environment (secrets, paths, process knobs). */
export class RuntimeConfig {
  @IsString() @MinLength(1) data_dir = './data';
  @IsNumber() @Min(0) @Max(3600) drain_seconds = 30;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) log_level = 'info';
  @IsOptional() @IsString() admin_user?: string;
  @IsOptional() @IsString() @MinLength(8) admin_password?: string;
  @IsOptional() @IsString() secret_key?: string;
  @IsOptional() @IsString() metrics_token?: string;
  @IsOptional() @IsString() @Matches(/^rediss?:\/\//, { message: '$property must be a redis:// URL' }) redis_url?: string;
  @IsOptional() @IsString() config_path?: string;
  /** scrypt cost for dashboard passwords, N = 2^this (OWASP's minimum is 17; lower only to speed up tests). */
  @IsInt() @Min(10) @Max(20) password_scrypt_log_n = 17;
}

export class AppConfig {
  @ValidateNested() @Type(() => ServerConfig) server: ServerConfig = new ServerConfig();
  @ValidateNested() @Type(() => WebsocketConfig) websocket: WebsocketConfig = new WebsocketConfig();
  @ValidateNested() @Type(() => DatabaseConfig) database: DatabaseConfig = new DatabaseConfig();
  @ValidateNested() @Type(() => SessionsConfig) sessions: SessionsConfig = new SessionsConfig();
  @ValidateNested() @Type(() => RegistryConfig) registry: RegistryConfig = new RegistryConfig();
  @ValidateNested() @Type(() => BillingConfig) billing: BillingConfig = new BillingConfig();
  @ValidateNested() @Type(() => LogsConfig) logs: LogsConfig = new LogsConfig();
  @ValidateNested() @Type(() => ResponsesConfig) responses: ResponsesConfig = new ResponsesConfig();
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProviderConfig) providers: ProviderConfig[] = [];
  @IsArray() @ValidateNested({ each: true }) @Type(() => RoutingRule) routing: RoutingRule[] = [];
  /** Model aliases a client may ask for (`fast: gpt-4o-mini`); checked for cycles in config.routing.ts. */
  @IsObject() aliases: Record<string, string> = {};
  @ValidateNested() @Type(() => RuntimeConfig) runtime: RuntimeConfig = new RuntimeConfig();
  @ValidateNested() @Type(() => OtelConfig) otel: OtelConfig = new OtelConfig();
  @ValidateNested() @Type(() => AlertsConfig) alerts: AlertsConfig = new AlertsConfig();
}
