import { parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OtelConfig } from '../../config/index.js';

/** The OTLP/HTTP span exporter the config asks for (http/protobuf or http/json), with its headers and timeout. */
export function createOtlpExporter(otel: OtelConfig, url: string): SpanExporter {
  const options = {
    url,
    headers: { ...parseKeyPairsIntoRecord(otel.headers), ...parseKeyPairsIntoRecord(otel.traces_headers) },
    timeoutMillis: otel.traces_timeout_ms || otel.timeout_ms,
  };
  const protocol = otel.traces_protocol || otel.protocol;
  return protocol === 'http/json' ? new JsonExporter(options) : new ProtoExporter(options);
}
