import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind, defaultTextMapGetter, defaultTextMapSetter, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator, parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AppConfig, otlpTracesUrl } from '../../config/index.js';
import { VERSION } from '../../version.js';
import { createOtlpExporter } from './otlp.exporter.js';
import { samplerFor } from './trace.sampler.js';
import type { SpanFactory } from './request-observation.js';

/**
 * OpenTelemetry tracing on the official SDK, off unless an OTLP endpoint is configured. Nothing is registered
 * globally (no global provider, no async-context manager): spans are parented explicitly through the request's
 * observation, so a process with tracing off runs no OpenTelemetry code at all and two apps in one process
 * (tests) keep their own exporters. W3C `traceparent`/`tracestate` come in from clients and go out to providers.
 */
@Injectable()
export class Tracing implements OnApplicationShutdown, SpanFactory {
  private readonly logger = new Logger('Tracing');
  /** Null when tracing is off: callers test this one field. */
  readonly tracer: Tracer | null = null;
  private readonly provider: NodeTracerProvider | null = null;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(config: AppConfig) {
    const otel = config.otel;
    const url = otlpTracesUrl(otel);
    if (!url) return;
    const resourceAttributes = parseKeyPairsIntoRecord(otel.resource_attributes);
    this.provider = new NodeTracerProvider({
      resource: resourceFromAttributes({
        ...resourceAttributes,
        'service.name': otel.service_name || resourceAttributes['service.name'] || 'gophergate',
        'service.version': VERSION,
      }),
      sampler: samplerFor(otel.sampler, otel.sampler_arg),
      // attribute values come partly from clients (model names, ids): bounded, so no request can bloat an export
      spanLimits: { attributeValueLengthLimit: 256, attributeCountLimit: 64 },
      spanProcessors: [new BatchSpanProcessor(createOtlpExporter(otel, url), { scheduledDelayMillis: otel.batch_delay_ms })],
    });
    this.tracer = this.provider.getTracer('gophergate', VERSION);
    this.logger.log({ endpoint: url.replace(/\/\/[^/@]*@/, '//'), protocol: otel.traces_protocol || otel.protocol }, 'OpenTelemetry tracing is on');
  }

  /** A server span for an incoming request, child of the client's `traceparent` when it sent a valid one. */
  startServerSpan(name: string, headers: IncomingHttpHeaders, attributes: Attributes): Span | null {
    if (!this.tracer) return null;
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  }

  /** A child span (e.g. one upstream attempt). */
  startChild(parent: Span, name: string, kind: SpanKind, attributes: Attributes): Span | null {
    if (!this.tracer) return null;
    return this.tracer.startSpan(name, { kind, attributes }, trace.setSpan(ROOT_CONTEXT, parent));
  }

  /** The W3C headers (`traceparent`, and `tracestate` when there is one) naming `span` as the parent. */
  headersFor(span: Span): Record<string, string> {
    const carrier: Record<string, string> = {};
    this.propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
    return carrier;
  }

  /** Export what is still batched, then stop. */
  async onApplicationShutdown(): Promise<void> {
    if (!this.provider) return;
    try {
      await this.provider.shutdown();
    } catch (err) {
      this.logger.warn({ reason: (err as Error).message }, 'flushing the last spans failed');
    }
  }
}
