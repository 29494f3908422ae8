import { Logger } from '@nestjs/common';
import { DrainState } from './common/index.js';
import type { AppConfig } from './config/index.js';
import type { App } from './app.factory.js';

/**
 * SIGTERM/SIGINT: readiness turns 503 and new requests are refused, in-flight requests and streams finish
 * (bounded by drain_seconds), then Nest's shutdown hooks flush buffers (logs, charges) and the process exits 0.
 */
export function installShutdown(app: App, config: AppConfig): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    logger.log({ signal, drain_seconds: config.runtime.drain_seconds }, 'draining');
    app.get(DrainState).begin();
    const server = app.getHttpServer();
    const deadline = setTimeout(() => {
      logger.warn('drain deadline reached; closing remaining connections');
      server.closeAllConnections?.();
    }, config.runtime.drain_seconds * 1000);
    deadline.unref();
    try {
      await app.close();
      clearTimeout(deadline);
      logger.log('shutdown complete');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
