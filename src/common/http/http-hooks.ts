import type { FastifyInstance } from 'fastify';
import type { DrainState } from '../lifecycle/drain.state.js';
import type { MetricsRegistry } from '../metrics/metrics.registry.js';
import { ApiError } from '../errors/api-error.js';
import { usesOpenAIEnvelope } from '../errors/all-exceptions.filter.js';

const STRICT_CSP = "default-src 'self'; base-uri 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'";
// Swagger UI's page runs an inline initialiser; only /docs gets the relaxed policy.
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/** Request id echo, refusal while draining, per-route metrics and the content security policy. */
export function registerHttpHooks(fastify: FastifyInstance, drain: DrainState, metrics: MetricsRegistry): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (drain.isDraining && !request.url.startsWith('/health')) {
      const error = ApiError.draining();
      reply.header('connection', 'close').header('retry-after', '1').code(503);
      return reply.send(usesOpenAIEnvelope(request.url) ? error.toEnvelope() : { statusCode: 503, message: error.message, error: 'Service Unavailable' });
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', request.url.startsWith('/docs') ? DOCS_CSP : STRICT_CSP);
    return payload;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}
