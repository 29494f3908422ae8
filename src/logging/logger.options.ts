import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream } from 'pino';
import { SECRET_FIELDS, SECRET_HEADERS, SECRET_QUERY_PARAMS } from '../common/index.js';
import type { AppConfig } from '../config/index.js';

/** Every header and field that can carry a secret (common/secrets.ts). Values are replaced, never logged. */
const header = (name: string): string => (/^[a-z]+$/.test(name) ? `.${name}` : `["${name}"]`);
export const REDACT_PATHS = [
  ...SECRET_HEADERS.filter((h) => h !== 'set-cookie').flatMap((h) => [`req.headers${header(h)}`, `headers${header(h)}`]),
  `res.headers${header('set-cookie')}`,
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
];

const KEY_QUERY = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#]*`, 'gi');

/** Hide `?key=` style query values in any URL that reaches a log line. */
export function redactUrl(url: string | undefined): string | undefined {
  return url === undefined ? undefined : url.replace(KEY_QUERY, '$1[REDACTED]');
}

type RequestWithId = IncomingMessage & { id?: string };

/** Log bytes gathered before a write to stdout; a timer writes whatever waits at least this often. */
const STDOUT_BUFFER_BYTES = 4096;
const STDOUT_FLUSH_MS = 200;
let stdout: DestinationStream | null = null;

/**
 * stdout for the JSON lines, written in blocks of up to 4 KiB (and at least every 200 ms) instead of one asynchronous
 * write per line: under load a write per request line was a thread-pool round trip per request. pino writes what is
 * still buffered when the process exits; a hard kill can lose the last 200 ms of lines. One per process (like
 * nestjs-pino's root logger).
 */
export function stdoutDestination(): DestinationStream {
  if (!stdout) {
    const destination = pino.destination({ dest: 1, sync: false, minLength: STDOUT_BUFFER_BYTES });
    const write = destination.write.bind(destination);
    let waiting = false;
    destination.write = (line: string): boolean => {
      waiting = true;
      return write(line);
    };
    // a stream's flush timer, not a scheduled job: the logger exists before (and outlives) the Nest application
    setInterval(() => {
      if (!waiting || (destination as { destroyed?: boolean }).destroyed) return;
      waiting = false;
      try {
        destination.flush();
      } catch {
        // closed stdout (EPIPE): nothing left to write to
      }
    }, STDOUT_FLUSH_MS).unref();
    stdout = destination;
  }
  return stdout;
}

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
      destination ?? stdoutDestination(),
    ] as Params['pinoHttp'],
    // No per-request middleware (and so no async-context store): the access line is written by registerAccessLog
    // (access-log.ts), one Fastify hook. pino-http here only builds the root logger everything logs through.
    forRoutes: [],
  };
}
