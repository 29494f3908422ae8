import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/index.js';

/** Every header and field that can carry a secret. Values are replaced, never logged. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-goog-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["x-goog-api-key"]',
  'api_key', '*.api_key', '*.*.api_key', '*.*.*.api_key',
  'apiKey', '*.apiKey', '*.*.apiKey',
  'password', '*.password', '*.*.password',
  'token', '*.token',
  'key', '*.key',
];

const KEY_QUERY = /([?&](?:key|api_key|token)=)[^&#]*/gi;

/** Hide `?key=` style query values in any URL that reaches a log line. */
export function redactUrl(url: string | undefined): string | undefined {
  return url === undefined ? undefined : url.replace(KEY_QUERY, '$1[REDACTED]');
}

type RequestWithId = IncomingMessage & { id?: string };

export function loggerParams(config: AppConfig, destination?: DestinationStream): Params {
  return {
    pinoHttp: [
      {
        level: config.runtime.log_level,
        redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
        base: { service: 'gophergate', pid: process.pid },
        messageKey: 'msg',
        genReqId: (req: IncomingMessage) => (req as RequestWithId).id ?? 'unknown',
        customAttributeKeys: { reqId: 'request_id' },
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
        quietReqLogger: true,
        serializers: {
          req: (req: RequestWithId) => ({ method: req.method, url: redactUrl(req.url), headers: req.headers, remoteAddress: req.socket?.remoteAddress }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
        customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${redactUrl(req.url)?.split('?')[0]} ${res.statusCode}`,
        customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${redactUrl(req.url)?.split('?')[0]} ${res.statusCode}`,
      },
      destination as DestinationStream,
    ].filter(Boolean) as Params['pinoHttp'],
    // No per-request middleware (and so no async-context store): the access line is written by registerAccessLog
    // (access-log.ts), one Fastify hook. pino-http here only builds the root logger everything logs through.
    forRoutes: [],
  };
}
