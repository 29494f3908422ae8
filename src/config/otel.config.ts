import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';

/**
 * OpenTelemetry tracing, from the standard OTEL_* environment variables (see config.env.ts for which feeds which key).
 * Off unless an OTLP endpoint is set; OTLP over HTTP only (http/protobuf or http/json).
 */

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export const TRACE_SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type TraceSampler = (typeof TRACE_SAMPLERS)[number];

const URL_OR_EMPTY = /^(https?:\/\/\S+)?$/;
const PROTOCOL_OR_EMPTY = { message: '$property must be http/protobuf or http/json (grpc is not supported)' };

export class OtelConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; traces go to `<endpoint>/v1/traces`. */
  @IsString() @Matches(URL_OR_EMPTY, { message: '$property must be an http(s) URL' }) endpoint = '';
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: the full traces URL, used as is (wins over `endpoint`). */
  @IsString() @Matches(URL_OR_EMPTY, { message: '$property must be an http(s) URL' }) traces_endpoint = '';
  /** OTEL_EXPORTER_OTLP_PROTOCOL / OTEL_EXPORTER_OTLP_TRACES_PROTOCOL (the latter wins). */
  @IsIn(OTLP_PROTOCOLS as unknown as string[], PROTOCOL_OR_EMPTY) protocol: OtlpProtocol = 'http/protobuf';
  @IsIn(['', ...OTLP_PROTOCOLS], PROTOCOL_OR_EMPTY) traces_protocol: OtlpProtocol | '' = '';
  /** OTEL_EXPORTER_OTLP_HEADERS / OTEL_EXPORTER_OTLP_TRACES_HEADERS: `key=value,key2=value2` (values URL-encoded). */
  @IsString() headers = '';
  @IsString() traces_headers = '';
  /** OTEL_EXPORTER_OTLP_TIMEOUT / OTEL_EXPORTER_OTLP_TRACES_TIMEOUT, in milliseconds (0: the general one). */
  @IsInt() @Min(1) @Max(600_000) timeout_ms = 10_000;
  @IsInt() @Min(0) @Max(600_000) traces_timeout_ms = 0;
  /** OTEL_SERVICE_NAME (default: `service.name` from OTEL_RESOURCE_ATTRIBUTES, else gophergate). */
  @IsString() service_name = '';
  /** OTEL_RESOURCE_ATTRIBUTES: `key=value,…` added to every span's resource. */
  @IsString() resource_attributes = '';
  /** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG (the ratio for the *traceidratio samplers). */
  @IsIn(TRACE_SAMPLERS as unknown as string[]) sampler: TraceSampler = 'parentbased_always_on';
  @IsNumber() @Min(0) @Max(1) sampler_arg = 1;
  /** OTEL_TRACES_EXPORTER: `otlp` (default) or `none`. */
  @IsIn(['otlp', 'none']) exporter = 'otlp';
  /** OTEL_SDK_DISABLED=true turns tracing off whatever else is set. */
  @IsBoolean() sdk_disabled = false;
  /** OTEL_BSP_SCHEDULE_DELAY: how long finished spans wait to be batched (ms). */
  @IsInt() @Min(1) @Max(600_000) batch_delay_ms = 5000;
}

/** Where spans go, or null when tracing is off. */
export function otlpTracesUrl(otel: OtelConfig): string | null {
  if (otel.sdk_disabled || otel.exporter === 'none') return null;
  if (otel.traces_endpoint) return otel.traces_endpoint;
  if (otel.endpoint) return `${otel.endpoint.replace(/\/+$/, '')}/v1/traces`;
  return null;
}
