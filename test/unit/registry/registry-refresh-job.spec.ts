import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduledJobs, type JobLock } from '../../../src/common/index.js';
import { AppConfig } from '../../../src/config/index.js';
import { DEFAULT_REGISTRY_OPTIONS, RegistryService } from '../../../src/registry/index.js';
import { SMALL_CATALOG } from '../../support/catalogs.js';
import { REGISTRY_REFRESH_JOB, RegistryRefreshJob } from '../../../src/registry/registry-refresh.job.js';
import { DocServer, makeDoc, respond, waitFor } from './support/registry-fixtures.js';

/** One process: the lock is always held. */
const oneProcess: JobLock = { runExclusive: async (_name, fn) => ({ acquired: true, value: await fn() }) };

let server: DocServer;
const cleanups: Array<() => void> = [];

function setup(url: string, minutes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'gg-registry-job-'));
  const config = new AppConfig();
  config.registry.url = url;
  config.registry.refresh_minutes = minutes;
  config.runtime.data_dir = dir;
  const registry = new RegistryService(config, { ...DEFAULT_REGISTRY_OPTIONS, bundledSnapshot: SMALL_CATALOG, timeoutMs: 2000, retryDelaysMs: [10, 10, 10] });
  const scheduler = new SchedulerRegistry();
  const jobs = new ScheduledJobs(scheduler, oneProcess);
  const job = new RegistryRefreshJob(config, registry, jobs);
  cleanups.push(() => {
    jobs.onModuleDestroy();
    registry.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return { registry, scheduler, jobs, job };
}

beforeAll(async () => {
  Logger.overrideLogger(false);
  server = await DocServer.start();
});
beforeEach(() => {
  server.hits = 0;
});
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
afterAll(async () => {
  await server.close();
});

describe('RegistryRefreshJob', () => {
  it('refreshes in the background at start (serving the loaded catalog meanwhile) and schedules the next ones', async () => {
    server.responder = respond.delayed(300, makeDoc('remote', 2, { input: 1, output: 2 }));
    const { registry, scheduler, jobs, job } = setup(server.url, 60);
    job.onApplicationBootstrap();
    expect(registry.info().source).toBe('bundled');
    expect(scheduler.getIntervals()).toEqual([REGISTRY_REFRESH_JOB]);
    await waitFor(() => registry.info().source === 'remote');
    expect(registry.info().models).toBe(2);
    jobs.onModuleDestroy();
    expect(scheduler.getIntervals()).toEqual([]);
  });

  it('runs again every refresh_minutes', async () => {
    server.responder = respond.json(makeDoc('tick', 1, { input: 1, output: 2 }));
    const { job } = setup(server.url, 0.02); // 1.2 s
    job.onApplicationBootstrap();
    await waitFor(() => server.hits >= 2, 5000);
  });

  it('keeps serving after a failed start refresh (retries included)', async () => {
    server.responder = respond.status(500);
    const { registry, job } = setup(server.url, 60);
    job.onApplicationBootstrap();
    await waitFor(() => server.hits >= 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.hits).toBe(4);
    expect(registry.info()).toMatchObject({ source: 'bundled', models: 12 });
  });

  it.each([
    ['registry.url is empty', '', 60],
    ['refresh_minutes is 0', 'http://127.0.0.1:9/api.json', 0],
  ])('does nothing when %s', async (_label, url, minutes) => {
    const { scheduler, job } = setup(url, minutes);
    job.onApplicationBootstrap();
    expect(scheduler.getIntervals()).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.hits).toBe(0);
  });
});
