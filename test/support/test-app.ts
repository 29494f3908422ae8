import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/index.js';
import { createPostgresDatabase, type DbTarget } from './test-database.js';

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-123' };
export const TEST_SECRET_KEY = 'a'.repeat(64);
export { SMALL_CATALOG } from './catalogs.js';

/** A response body as the tests read it: the parsed JSON, or the text itself when it is not JSON (undefined when empty). */
export function jsonOrText(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface TestAppOptions {
  db?: DbTarget;
  /** Extra environment (as a user would set it); wins over the defaults here. */
  env?: Record<string, string>;
  /** A config.yaml body written into the data folder and used. */
  yaml?: string;
  /** Keep the data folder (e.g. to restart on it). */
  dataDir?: string;
  databaseUrl?: string;
  captureLogs?: boolean;
  /** The bundled catalog to start from instead of the full one (e.g. SMALL_CATALOG). */
  bundledSnapshot?: URL;
}

export interface TestApp {
  app: App;
  url: string;
  config: AppConfig;
  dataDir: string;
  databaseUrl: string | undefined;
  logs: string[];
  close(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * nestjs-pino keeps one process-wide root logger, built by the first app in a test file; later apps' log lines
 * would go to the first app's destination. Reset it so an app that captures its logs gets its own.
 */
async function freshRootLogger(): Promise<void> {
  const file = join(process.cwd(), 'node_modules/nestjs-pino/dist/esm/rootLogger.js');
  const mod = (await import(pathToFileURL(file).href)) as { resetRootLogger?: () => void };
  mod.resetRootLogger?.();
}

/** The real application on Fastify, listening on a loopback port, on a fresh SQLite file or PostgreSQL database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gg-test-'));
  let databaseUrl = options.databaseUrl;
  let drop: (() => Promise<void>) | undefined;
  if (!databaseUrl && options.db === 'postgres') {
    const created = await createPostgresDatabase();
    databaseUrl = created.url;
    drop = created.drop;
  }
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: options.captureLogs ? 'info' : 'silent',
    GOPHERGATE_ADMIN_USER: TEST_ADMIN.username,
    GOPHERGATE_ADMIN_PASSWORD: TEST_ADMIN.password,
    GOPHERGATE_SECRET_KEY: TEST_SECRET_KEY,
    GOPHERGATE_PASSWORD_SCRYPT_LOG_N: '12', // tests create many users; production keeps OWASP's 2^17
    GOPHERGATE_SERVER_MAX_EVENT_LOOP_DELAY_MS: '0', // test processes share starved CPUs; the load-shedding tests turn it on
    GOPHERGATE_REGISTRY_URL: '',
    GOPHERGATE_DRAIN_SECONDS: '2',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  };
  if (options.yaml !== undefined) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'config.yaml'), options.yaml);
    env.GOPHERGATE_CONFIG = join(dataDir, 'config.yaml');
  }
  const config = loadConfig(env, dataDir);
  const logs: string[] = [];
  if (options.captureLogs) await freshRootLogger();
  const logDestination = options.captureLogs
    ? new Writable({ write(chunk, _enc, cb) { logs.push(...String(chunk).split('\n').filter(Boolean)); cb(); } })
    : undefined;
  const app = await createApp(config, { logDestination: logDestination as never, ...(options.bundledSnapshot ? { registry: { bundledSnapshot: options.bundledSnapshot } } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    dataDir,
    databaseUrl,
    logs,
    async close(closeOptions = {}) {
      await app.close();
      if (!closeOptions.keepData) {
        await drop?.();
        if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
