import type { FastifyInstance } from 'fastify';
import type { DrainState } from '../lifecycle/drain.state.js';
import type { MetricsRegistry } from '../metrics/metrics.registry.js';
import { ApiError } from '../errors/api-error.js';
import { refusalBody } from '../errors/surface-envelope.js';
import { computeSecurityHeaders } from './security-headers.js';

const STRICT_CSP = "default-src 'self'; base-uri 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'";
// Swagger UI's page runs an inline initialiser; only /docs gets the relaxed policy.
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

const cspFor = (url: string): string => (url.startsWith('/docs') ? DOCS_CSP : STRICT_CSP);

/**
 * Request id echo, Helmet's protective headers and the content security policy, refusal while draining, per-route
 * metrics. Every hook is a plain callback (no promise per hook per request) and the security headers are a static list
 * computed once (see security-headers.ts); they are set when the request arrives, so streamed (hijacked) answers carry
 * them too. Outside /v1 the CSP is set again just before sending, so no handler can replace it.
 */
export function registerHttpHooks(fastify: FastifyInstance, drain: DrainState, metrics: MetricsRegistry): void {
  const security = computeSecurityHeaders().set;
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    for (let i = 0; i < security.length; i++) reply.header(security[i][0], security[i][1]);
    reply.header('content-security-policy', cspFor(request.url));
    if (drain.isDraining && !request.url.startsWith('/health')) {
      const error = ApiError.draining();
      reply.header('connection', 'close').header('retry-after', '1').code(503);
      reply.send(refusalBody(request.url, error, request.headers));
      return;
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.url.startsWith('/v1/')) reply.header('content-security-policy', cspFor(request.url));
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
