import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** How often, while the server is closing, connections that went idle are closed. */
const SWEEP_EVERY_MS = 50;

/**
 * Closing the server waits for every open connection to end. Fastify closes the connections that are idle at that
 * moment, but a keep-alive connection that goes idle a little later (its response finished after close began, or
 * the client opened it and never sent a request) would hold the close open until its keep-alive timeout (65 s).
 * While the server closes, sweep idle connections again every few milliseconds: in-flight requests and streams
 * still finish (the drain), and the close ends as soon as they have.
 */
export function registerCloseSweeper(fastify: FastifyInstance): void {
  fastify.addHook('preClose', (done) => {
    const server = fastify.server as Server;
    if (typeof server.closeIdleConnections !== 'function') return done();
    // not a scheduled job: it lives only while the server closes, after the scheduler has stopped
    const timer = setInterval(() => server.closeIdleConnections(), SWEEP_EVERY_MS);
    timer.unref();
    server.once('close', () => clearInterval(timer));
    done();
  });
}
