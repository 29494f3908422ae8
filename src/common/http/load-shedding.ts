import underPressure, { type FastifyUnderPressureOptions } from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerConfig } from '../../config/index.js';
import { ApiError } from '../errors/api-error.js';
import { refusalBody } from '../errors/surface-envelope.js';
import type { ReadinessRegistry } from '../lifecycle/readiness.registry.js';

const MiB = 1024 * 1024;

/** Never shed: liveness must not fail because the process is busy (a restart would drop every stream), readiness
 * reports the pressure itself, and /metrics is how an operator sees it. */
function exempt(url: string): boolean {
  return url === '/health' || url.startsWith('/health/') || url.startsWith('/health?') || url === '/metrics' || url.startsWith('/metrics?');
}

/**
 * Load shedding (@fastify/under-pressure): while the event loop's mean delay or the memory use is over its
 * `server.*` threshold, new requests are answered at once with 503 and Retry-After in their surface's envelope,
 * instead of queueing until clients time out. Requests already running (and open streams) carry on.
 * `/health/ready` reports the pressure (503 while it lasts, so load balancers send traffic elsewhere).
 */
export async function registerLoadShedding(fastify: FastifyInstance, server: ServerConfig, readiness: ReadinessRegistry): Promise<void> {
  const retryAfter = server.overload_retry_after_seconds;
  const thresholds = {
    maxEventLoopDelay: server.max_event_loop_delay_ms,
    maxHeapUsedBytes: Math.floor(server.max_heap_used_mb * MiB),
    maxRssBytes: Math.floor(server.max_rss_mb * MiB),
  };
  await fastify.register(underPressure, {
    ...thresholds,
    retryAfter,
    // The plugin sends what the handler returns (and lets the request through on undefined); its types say void.
    pressureHandler: ((request: FastifyRequest, reply: FastifyReply) => {
      if (exempt(request.url)) return undefined;
      const error = ApiError.overloaded(retryAfter);
      reply.code(503).header('retry-after', String(retryAfter));
      return refusalBody(request.url, error, request.headers);
    }) as unknown as FastifyUnderPressureOptions['pressureHandler'],
  });
  readiness.register('pressure', () => {
    const usage = fastify.memoryUsage();
    return {
      ok: !fastify.isUnderPressure(),
      detail: {
        event_loop_delay_ms: Math.round(usage.eventLoopDelay * 10) / 10,
        heap_used_mb: Math.round(usage.heapUsed / MiB),
        rss_mb: Math.round(usage.rssBytes / MiB),
        limits: { max_event_loop_delay_ms: server.max_event_loop_delay_ms, max_heap_used_mb: server.max_heap_used_mb, max_rss_mb: server.max_rss_mb },
      },
    };
  });
}
