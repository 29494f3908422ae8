import type { IncomingMessage } from 'node:http';
import cookie from '@fastify/cookie';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AllExceptionsFilter, DrainState, MetricsRegistry, ReadinessRegistry, registerCloseSweeper, registerHttpHooks, registerInputGuards, registerLoadShedding, registerObservationHooks, renderFrameworkError, requestIdFor, Tracing } from './common/index.js';
import { fastifyTrustProxy, type AppConfig } from './config/index.js';
import { registerAccessLog } from './logging/index.js';
import { AppModule, type AppOptions } from './app.module.js';
import { LiveWsAdapter } from './dashboard/live/live-ws.adapter.js';
import { setupSwagger } from './swagger.setup.js';

export type App = NestFastifyApplication;

/** Build the whole application (not yet listening). main.ts and the end-to-end tests both use this. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const adapter = new FastifyAdapter({
    bodyLimit: Math.floor(config.server.body_limit_mb * 1024 * 1024),
    genReqId: (req: IncomingMessage) => {
      const id = requestIdFor(req);
      (req as typeof req & { id?: string }).id = id;
      return id;
    },
    requestIdHeader: false,
    // behind a reverse proxy: the client's address and scheme from X-Forwarded-For / -Proto (sign-in throttling, logs, Secure cookie)
    trustProxy: fastifyTrustProxy(config.server.trust_proxy),
    logger: false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    keepAliveTimeout: 65_000,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: renderFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  await app.register(cookie as never);
  // /v1: the request's observation (overhead header and histogram; the server span when tracing is on), first so that
  // answers refused by the hooks below (draining) carry the header and get a span too
  registerObservationHooks(fastify, app.get(Tracing), app.get(MetricsRegistry));
  // Helmet's headers (computed once), CSP, request id, drain refusal, metrics; then one access-log line per request
  registerHttpHooks(fastify, app.get(DrainState), app.get(MetricsRegistry));
  registerCloseSweeper(fastify);
  // overload: 503 + Retry-After at once (in the surface's envelope) instead of queueing until clients time out
  await registerLoadShedding(fastify, config.server, app.get(ReadinessRegistry));
  registerAccessLog(fastify, () => PinoLogger.root);
  registerInputGuards(app);
  if (config.server.cors_origins.length > 0) app.enableCors({ origin: config.server.cors_origins, credentials: true });

  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }));
  if (config.server.docs_enabled) setupSwagger(app);
  // @nestjs/websockets on the ws adapter, with the live feed's handshake checks before the upgrade completes
  app.useWebSocketAdapter(new LiveWsAdapter(app));
  await app.init();
  return app;
}
