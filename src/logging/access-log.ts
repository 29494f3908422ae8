import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger as PinoInstance } from 'pino';
import { SECRET_FIELDS, SECRET_HEADERS } from '../common/index.js';
import { redactUrl } from './logger.options.js';

/**
 * Request headers that carry secrets: their values are replaced here, before the line is built — the same lists the
 * root logger's redaction is built from (common/secrets.ts), headers and field names alike.
 */
const SECRET_NAMES = new Set([...SECRET_HEADERS, ...SECRET_FIELDS]);
/** Not logged: probes and scrapes. */
const QUIET_URLS = new Set(['/health', '/metrics']);

function loggableHeaders(headers: IncomingHttpHeaders): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in headers) out[name] = SECRET_NAMES.has(name) ? '[REDACTED]' : headers[name];
  return out;
}

/**
 * The access log: ONE JSON line per request when its response is done (finished, or the connection closed first),
 * with the request id, the request (method, URL with `?key=` values hidden, headers with secrets hidden, remote
 * address), the status and the response time — the line pino-http wrote, without its per-request child loggers,
 * serializer wrappers and async-context bookkeeping. `rootLogger` is read on first use (nestjs-pino builds it at init).
 */
export function registerAccessLog(fastify: FastifyInstance, rootLogger: () => PinoInstance | undefined): void {
  let logger: PinoInstance | null | undefined;
  const accessLogger = (): PinoInstance | null => {
    if (logger === undefined) {
      const root = rootLogger();
      if (!root) return null;
      // The line is built redacted (URL query keys and secret headers are replaced above): no per-line redaction pass,
      // and no serializers (pino-http's expect raw messages; ours are already in their logged shape).
      const same = (value: unknown): unknown => value;
      logger = root.child({}, { redact: [], serializers: { req: same, res: same } });
    }
    return logger;
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (QUIET_URLS.has(raw.url ?? '')) return done();
    const startedAt = Date.now();
    reply.raw.once('close', () => {
      const log = accessLogger();
      if (!log || !log.isLevelEnabled('info')) return;
      const url = redactUrl(raw.url) ?? '';
      const status = reply.raw.statusCode;
      const q = url.indexOf('?');
      log.info(
        {
          request_id: request.id,
          req: { method: raw.method, url, headers: loggableHeaders(raw.headers), remoteAddress: raw.socket?.remoteAddress },
          res: { statusCode: status },
          responseTime: Date.now() - startedAt,
        },
        `${raw.method} ${q === -1 ? url : url.slice(0, q)} ${status}`,
      );
    });
    done();
  });
}
