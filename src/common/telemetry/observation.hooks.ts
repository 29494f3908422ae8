import type { FastifyInstance } from 'fastify';
import type { MetricsRegistry } from '../metrics/metrics.registry.js';
import { RequestObservation, attachObservation, forgetObservation, observationOf, registerObservation } from './request-observation.js';
import { surfaceOf } from './surface.js';
import type { Tracing } from './tracing.service.js';

export const OVERHEAD_HEADER = 'x-gophergate-overhead-ms';
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Every /v1 request gets a RequestObservation when it arrives (and a server span when tracing is on). Every
 * non-streaming /v1 answer carries `x-gophergate-overhead-ms`: the time since the request arrived minus the time spent
 * waiting on providers (streams are hijacked and never pass through onSend). Successful answers also feed
 * `gophergate_gateway_overhead_seconds{surface}`.
 */
export function registerObservationHooks(fastify: FastifyInstance, tracing: Tracing, metrics: MetricsRegistry): void {
  const overhead = metrics.histogram('gophergate_gateway_overhead_seconds', "The gateway's own time per non-streaming /v1 answer: total minus waiting on the provider", ['surface'], OVERHEAD_BUCKETS);
  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.url;
    if (!url.startsWith('/v1/')) return done();
    const { surface, route } = surfaceOf(url);
    const method = request.method;
    const q = url.indexOf('?');
    const span = tracing.tracer
      ? tracing.startServerSpan(`${method} ${route}`, request.headers, {
          'http.request.method': method,
          'http.route': route,
          'url.path': q === -1 ? url : url.slice(0, q),
          'url.scheme': request.protocol,
          'gophergate.request_id': request.id,
          'gophergate.surface': surface,
        })
      : null;
    const observation = new RequestObservation(surface, span, span ? tracing : null);
    attachObservation(request.raw, observation);
    if (span) {
      registerObservation(request.id, observation);
      reply.raw.once('close', () => {
        forgetObservation(request.id, observation);
        observation.responseClosed(reply.raw.statusCode);
      });
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const observation = observationOf(request.raw);
    if (observation) {
      const ms = Math.max(0, performance.now() - observation.startedAt - observation.upstreamMs);
      reply.header(OVERHEAD_HEADER, ms.toFixed(2));
      if (reply.statusCode < 300) overhead.observe({ surface: observation.surface }, ms / 1000);
    }
    done(null, payload);
  });
}
