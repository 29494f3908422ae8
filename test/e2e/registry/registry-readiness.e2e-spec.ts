import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommonModule } from '../../../src/common/index.js';
import { ConfigModule, loadConfig } from '../../../src/config/index.js';
import { DatabaseModule } from '../../../src/database/index.js';
import { HealthModule } from '../../../src/health/health.module.js';
import { LoggingModule } from '../../../src/logging/logging.module.js';
import { DEFAULT_REGISTRY_OPTIONS, REGISTRY_OPTIONS, RegistryService, RoutingService } from '../../../src/registry/index.js';
import { RegistryRefreshJob } from '../../../src/registry/registry-refresh.job.js';
import { createPostgresDatabase } from '../../support/test-database.js';
import { databaseTargets } from '../../support/test-database.js';
import { DocServer, makeDoc, respond } from '../../unit/registry/support/registry-fixtures.js';

/** The registry module with a bundled snapshot that cannot be read: the instance starts with no catalog at all. */
@Global()
@Module({
  providers: [
    { provide: REGISTRY_OPTIONS, useValue: { ...DEFAULT_REGISTRY_OPTIONS, bundledSnapshot: new URL('file:///nonexistent/models-dev.snapshot.json') } },
    RegistryService,
    RoutingService,
    RegistryRefreshJob,
  ],
  exports: [RegistryService, RoutingService],
})
class RegistryWithoutSnapshotModule {}

describe.each(databaseTargets())('readiness waits for a loaded catalog on %s', (db) => {
  it('answers 503 while no catalog is loaded and 200 once a refresh loads one', async () => {
    const server = await DocServer.start(respond.json(makeDoc('remote', 2, { input: 1, output: 2 })));
    const dataDir = mkdtempSync(join(tmpdir(), 'gg-test-'));
    const pg = db === 'postgres' ? await createPostgresDatabase() : null;
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', GOPHERGATE_REGISTRY_URL: server.url, GOPHERGATE_REGISTRY_REFRESH_MINUTES: '0', ...(pg ? { DATABASE_URL: pg.url } : {}) }, dataDir);
    @Module({ imports: [ConfigModule.forRoot(config), CommonModule, LoggingModule.forRoot(), DatabaseModule, ScheduleModule.forRoot(), HealthModule, RegistryWithoutSnapshotModule] })
    class Root {}
    const app = await NestFactory.create<NestFastifyApplication>(Root, new FastifyAdapter(), { logger: false, abortOnError: false });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.getHttpServer().address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

      const down = await fetch(`${url}/health/ready`);
      expect(down.status).toBe(503);
      const downBody = (await down.json()) as { error: Record<string, { status: string }>; info: Record<string, { status: string }> };
      expect(downBody.error.registry).toMatchObject({ status: 'down', models: 0 });
      expect(downBody.info.database.status).toBe('up');

      await app.get(RegistryService).refresh();
      const up = await fetch(`${url}/health/ready`);
      expect(up.status).toBe(200);
      expect(((await up.json()) as { info: Record<string, unknown> }).info.registry).toMatchObject({ status: 'up', source: 'remote', models: 2 });
    } finally {
      await app.close();
      await server.close();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
