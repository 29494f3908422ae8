import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from './config/index.js';
import { createApp } from './app.factory.js';
import { installShutdown } from './shutdown.js';
import { tuneGarbageCollector } from './gc-tuning.js';

async function bootstrap(): Promise<void> {
  tuneGarbageCollector();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: err.message, problems: err.problems })}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  installShutdown(app, config);
  await app.listen({ port: config.server.port, host: config.server.host });
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'failed to start', error: (err as Error)?.message ?? String(err) })}\n`);
  process.exit(1);
});
