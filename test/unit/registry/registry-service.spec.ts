import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ReadinessRegistry } from '../../../src/common/index.js';
import { AppConfig } from '../../../src/config/index.js';
import { CACHE_FILE_NAME, DEFAULT_REGISTRY_OPTIONS, RegistryRefreshError, RegistryService, type RegistryOptions } from '../../../src/registry/index.js';
import { SMALL_CATALOG } from '../../support/catalogs.js';
import { DocServer, makeDoc, respond } from './support/registry-fixtures.js';

interface Made {
  service: RegistryService;
  readiness: ReadinessRegistry;
}

const dirs: string[] = [];
const services: RegistryService[] = [];
let server: DocServer;

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-registry-'));
  dirs.push(dir);
  return dir;
}

function make(dataDir: string, url = '', options: Partial<RegistryOptions> = {}): Made {
  const config = new AppConfig();
  config.registry.url = url;
  config.registry.refresh_minutes = 0;
  config.runtime.data_dir = dataDir;
  const readiness = new ReadinessRegistry();
  const service = new RegistryService(config, { ...DEFAULT_REGISTRY_OPTIONS, bundledSnapshot: SMALL_CATALOG, timeoutMs: 2000, retryDelaysMs: [10, 20, 40], ...options }, readiness);
  services.push(service);
  return { service, readiness };
}

async function ready(readiness: ReadinessRegistry): Promise<boolean> {
  const entry = readiness.entries().find(([name]) => name === 'registry');
  if (!entry) throw new Error('no registry readiness check');
  return (await entry[1]()).ok;
}

async function refreshError(promise: Promise<unknown>): Promise<RegistryRefreshError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(RegistryRefreshError);
    return err as RegistryRefreshError;
  }
  throw new Error('the refresh succeeded');
}

beforeAll(async () => {
  Logger.overrideLogger(false);
  server = await DocServer.start();
});
afterEach(() => {
  for (const s of services.splice(0)) s.onModuleDestroy();
});
afterAll(async () => {
  await server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.hits = 0;
  server.responder = respond.status(503);
});

describe('RegistryService at start', () => {
  it('serves the bundled snapshot offline, prices included, and is ready', async () => {
    const { service, readiness } = make(newDataDir());
    expect(service.isLoaded()).toBe(true);
    expect(service.info()).toEqual({ source: 'bundled', loadedAt: expect.any(Number), models: 12 });
    expect(service.lookup('openai', 'gpt-5-mini')?.price).toEqual({ input: 0.25, output: 2, cacheRead: 0.025 });
    expect(service.lookup(null, 'claude-haiku-4-5')?.provider).toBe('anthropic');
    expect(service.lookup('google', 'gemini-2.5-flash')?.maxOutput).toBe(65536);
    expect(service.list()).toHaveLength(12);
    expect(await ready(readiness)).toBe(true);
  });

  it('prefers the cached last good download over the bundled snapshot', () => {
    const dir = newDataDir();
    writeFileSync(join(dir, CACHE_FILE_NAME), JSON.stringify(makeDoc('cached', 3, { input: 7, output: 9 })));
    const downloadedAt = new Date('2026-01-02T03:04:05Z');
    utimesSync(join(dir, CACHE_FILE_NAME), downloadedAt, downloadedAt);
    const { service } = make(dir);
    expect(service.info()).toEqual({ source: 'cache', loadedAt: downloadedAt.getTime(), models: 3 });
    expect(service.lookup('openai', 'cached-1')?.price).toEqual({ input: 7, output: 9 });
    expect(service.lookup('openai', 'gpt-5-mini')).toBeNull();
  });

  it.each([
    ['not JSON', '{"openai": '],
    ['an invalid document', '{"openai": {"models": []}}'],
    ['empty', ''],
  ])('falls back to the bundled snapshot when the cache is %s', (_label, text) => {
    const dir = newDataDir();
    writeFileSync(join(dir, CACHE_FILE_NAME), text);
    const { service } = make(dir);
    expect(service.info().source).toBe('bundled');
    expect(service.info().models).toBe(12);
  });

  it('is not ready without any catalog, and becomes ready after a successful refresh', async () => {
    server.responder = respond.json(makeDoc('remote', 2, { input: 1, output: 2 }));
    const { service, readiness } = make(newDataDir(), server.url, { bundledSnapshot: new URL('file:///nonexistent/models-dev.snapshot.json') });
    expect(service.isLoaded()).toBe(false);
    expect(service.list()).toEqual([]);
    expect(service.lookup('openai', 'gpt-4o')).toBeNull();
    expect(service.info()).toEqual({ source: 'bundled', loadedAt: 0, models: 0 });
    expect(await ready(readiness)).toBe(false);
    await service.refresh();
    expect(service.isLoaded()).toBe(true);
    expect(await ready(readiness)).toBe(true);
    expect(service.info()).toMatchObject({ source: 'remote', models: 2 });
  });
});

describe('RegistryService.refresh', () => {
  it('swaps in a valid download and caches it atomically (no temporary file left)', async () => {
    const dir = newDataDir();
    const doc = makeDoc('fresh', 5, { input: 1.5, output: 3, cache_read: 0.15 });
    server.responder = respond.json(doc);
    const { service } = make(dir, server.url);
    const before = Date.now();
    const info = await service.refresh();
    expect(info).toEqual({ source: 'remote', loadedAt: expect.any(Number), models: 5 });
    expect(info.loadedAt).toBeGreaterThanOrEqual(before);
    expect(service.lookup(null, 'fresh-4')?.price).toEqual({ input: 1.5, output: 3, cacheRead: 0.15 });
    expect(service.lookup(null, 'gpt-5-mini')).toBeNull();
    expect(JSON.parse(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8'))).toEqual(doc);
    expect(readdirSync(dir)).toEqual([CACHE_FILE_NAME]);

    const restarted = make(dir).service;
    expect(restarted.info()).toMatchObject({ source: 'cache', models: 5 });
    expect(restarted.lookup('openai', 'fresh-0')?.contextWindow).toBe(1000);
  });

  it('keeps only the supported and configured providers of a full document', async () => {
    const doc = { ...makeDoc('x', 1, { input: 1, output: 1 }), 'some-reseller': { models: { 'gpt-4o': { cost: { input: 0, output: 0 } } } } };
    server.responder = respond.json(doc);
    const { service } = make(newDataDir(), server.url);
    await service.refresh();
    expect(service.list().map((m) => m.provider)).toEqual(['openai']);
    expect(service.lookup(null, 'gpt-4o')).toBeNull();
  });

  const failures: Array<[string, () => typeof server.responder, Partial<RegistryOptions>, string, RegExp]> = [
    ['a document that is not JSON', () => respond.json('<html>oops</html>'), {}, 'invalid', /not valid JSON/],
    ['a JSON document of the wrong shape', () => respond.json({ openai: { models: [] } }), {}, 'invalid', /rejected/],
    ['a JSON array', () => respond.json([1, 2, 3]), {}, 'invalid', /keyed by provider id/],
    ['an HTTP 500', () => respond.status(500), {}, 'download', /HTTP 500/],
    ['an HTTP 404', () => respond.status(404), {}, 'download', /HTTP 404/],
    ['a server that never answers', () => respond.hang(), { timeoutMs: 300 }, 'download', /within 300 ms/],
    ['a body that stalls', () => respond.stallBody(), { timeoutMs: 300 }, 'download', /within 300 ms/],
    ['a document over the size limit', () => respond.json(makeDoc('big', 200, { input: 1, output: 1 })), { maxBytes: 4096 }, 'download', /larger than 4096 bytes/],
  ];

  it.each(failures)('keeps the loaded catalog (and the cache) on %s', async (_label, responder, options, reason, message) => {
    const dir = newDataDir();
    server.responder = respond.json(makeDoc('good', 4, { input: 2, output: 4 }));
    const { service, readiness } = make(dir, server.url, options);
    await service.refresh();
    const cacheBefore = readFileSync(join(dir, CACHE_FILE_NAME), 'utf8');
    const generation = service.snapshot();
    const infoBefore = service.info();

    server.responder = responder();
    const started = Date.now();
    const err = await refreshError(service.refresh());
    expect(err.reason).toBe(reason);
    expect(err.message).toMatch(message);
    expect(err.message).toContain('unchanged');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(service.snapshot()).toBe(generation);
    expect(service.info()).toEqual(infoBefore);
    expect(service.lookup('openai', 'good-3')?.price).toEqual({ input: 2, output: 4 });
    expect(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8')).toBe(cacheBefore);
    expect(readdirSync(dir)).toEqual([CACHE_FILE_NAME]);
    expect(await ready(readiness)).toBe(true);
  });

  it('reports an unreachable registry as a download failure', async () => {
    const closed = await DocServer.start();
    const url = closed.url;
    await closed.close();
    const { service } = make(newDataDir(), url);
    const err = await refreshError(service.refresh());
    expect(err.reason).toBe('download');
    expect(err.message).toMatch(/could not be reached/);
    expect(service.info().source).toBe('bundled');
  });

  it('is disabled when registry.url is empty', async () => {
    const { service } = make(newDataDir(), '');
    const err = await refreshError(service.refresh());
    expect(err.reason).toBe('disabled');
    expect(server.hits).toBe(0);
  });

  it('a manual refresh tries once; a scheduled one retries transient failures after each backoff delay', async () => {
    const doc = makeDoc('third-time', 1, { input: 1, output: 1 });
    server.responder = (req, res, hit) => (hit < 3 ? respond.status(502)(req, res, hit) : respond.json(doc)(req, res, hit));
    const { service } = make(newDataDir(), server.url, { retryDelaysMs: [50, 100, 200] });
    await refreshError(service.refresh());
    expect(server.hits).toBe(1);

    server.hits = 0;
    const started = Date.now();
    const info = await service.refresh({ retry: true });
    expect(info.models).toBe(1);
    expect(server.hits).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140); // waited 50 ms, then 100 ms
  });

  it('gives up after the first try and one retry per delay (1 s/2 s/4 s in production: 4 attempts)', async () => {
    server.responder = respond.status(500);
    const { service } = make(newDataDir(), server.url, { retryDelaysMs: [5, 5, 5] });
    const err = await refreshError(service.refresh({ retry: true }));
    expect(server.hits).toBe(4);
    expect(err.message).toMatch(/after 4 attempts/);
    expect(DEFAULT_REGISTRY_OPTIONS.retryDelaysMs).toEqual([1000, 2000, 4000]);
  });

  it('does not retry what a retry cannot fix (404, an invalid document)', async () => {
    const { service } = make(newDataDir(), server.url, { retryDelaysMs: [5, 5, 5] });
    server.responder = respond.status(404);
    await refreshError(service.refresh({ retry: true }));
    expect(server.hits).toBe(1);
    server.hits = 0;
    server.responder = respond.json({ nothing: 'here' });
    await refreshError(service.refresh({ retry: true }));
    expect(server.hits).toBe(1);
  });

  it('shares one download between concurrent refreshes', async () => {
    server.responder = respond.delayed(100, makeDoc('shared', 2, { input: 1, output: 1 }));
    const { service } = make(newDataDir(), server.url);
    const [a, b, c] = await Promise.all([service.refresh(), service.refresh(), service.refresh({ retry: true })]);
    expect(server.hits).toBe(1);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    await service.refresh();
    expect(server.hits).toBe(2);
  });

  it('stops a download and its backoff wait at shutdown, without touching the catalog', async () => {
    server.responder = respond.status(500);
    const { service } = make(newDataDir(), server.url, { retryDelaysMs: [60_000] });
    const pending = service.refresh({ retry: true });
    const deadline = Date.now() + 3000;
    while (server.hits === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    service.onModuleDestroy();
    const err = await refreshError(pending);
    expect(err.reason).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(service.info().source).toBe('bundled');

    server.responder = respond.hang();
    const other = make(newDataDir(), server.url, { timeoutMs: 60_000 }).service;
    const hanging = other.refresh();
    await new Promise((r) => setTimeout(r, 50));
    other.onModuleDestroy();
    expect((await refreshError(hanging)).reason).toBe('aborted');
  });
});

describe('atomic swap under concurrent readers', () => {
  it('readers always see one whole generation, never a mix (old or new, 40 swaps)', async () => {
    const A = { doc: makeDoc('a', 50, { input: 1, output: 2 }), size: 50, price: { input: 1, output: 2 } };
    const B = { doc: makeDoc('b', 80, { input: 3, output: 4 }), size: 80, price: { input: 3, output: 4 } };
    const gens = { a: A, b: B } as const;
    server.responder = (req, res, hit) => {
      // split the body over several writes so the download spans many event-loop turns
      const text = JSON.stringify(hit % 2 === 1 ? A.doc : B.doc);
      res.writeHead(200, { 'content-type': 'application/json' });
      const step = Math.ceil(text.length / 8);
      let i = 0;
      const pump = (): void => {
        if (i >= text.length) return void res.end();
        res.write(text.slice(i, i + step));
        i += step;
        setTimeout(pump, 1);
      };
      pump();
    };
    const { service } = make(newDataDir(), server.url);
    let done = false;
    const seen = new Set<string>();
    let checks = 0;
    const torn: string[] = [];

    const reader = async (): Promise<void> => {
      for (let n = 0; n < 200_000 && !done; n++) {
        const list = service.list();
        const info = service.info();
        const snap = service.snapshot();
        const prefix = list[0]?.id.split('-')[0] ?? '?';
        if (info.source === 'bundled' && (seen.has('a') || seen.has('b'))) torn.push('a reader saw no (or the old bundled) catalog after a swap');
        if (list.length === 0) torn.push('a reader saw an empty catalog');
        seen.add(info.source === 'bundled' ? 'bundled' : prefix);
        if (info.source !== 'bundled') {
          const gen = gens[prefix as 'a' | 'b'];
          if (!gen) torn.push(`unknown generation ${prefix}`);
          else {
            if (list.length !== gen.size || info.models !== gen.size) torn.push(`size ${list.length}/${info.models} for ${prefix}`);
            if (list.some((m) => !m.id.startsWith(`${prefix}-`) || m.price?.input !== gen.price.input || m.price?.output !== gen.price.output)) torn.push(`mixed models in ${prefix}`);
            const probe = `${prefix}-${n % gen.size}`;
            if (snap?.lookup('openai', probe)?.price?.output !== gen.price.output) torn.push(`lookup ${probe} disagrees`);
            if (list.length !== snap?.size) torn.push('snapshot and list disagree');
          }
        }
        checks += 1;
        await new Promise((r) => setImmediate(r));
      }
    };

    const readers = [reader(), reader(), reader(), reader()];
    for (let i = 0; i < 40; i++) await service.refresh();
    done = true;
    await Promise.all(readers);

    expect(torn).toEqual([]);
    expect(seen).toEqual(new Set(['bundled', 'a', 'b']));
    expect(checks).toBeGreaterThan(100);
    expect(service.info().models).toBe(80);
  });
});

describe('cache file', () => {
  it('is replaced whole: a reader of the file never sees a partial document', async () => {
    const dir = newDataDir();
    const big = makeDoc('big', 3000, { input: 1, output: 2 });
    const small = makeDoc('small', 1, { input: 1, output: 2 });
    const { service } = make(dir, server.url);
    const path = join(dir, CACHE_FILE_NAME);
    const bad: string[] = [];
    for (let i = 0; i < 6; i++) {
      server.responder = respond.json(i % 2 === 0 ? big : small);
      let writing = true;
      const watcher = (async () => {
        for (let n = 0; n < 10_000 && writing; n++) {
          try {
            JSON.parse(readFileSync(path, 'utf8'));
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT') bad.push((err as Error).message);
          }
          await new Promise((r) => setImmediate(r));
        }
      })();
      await service.refresh();
      writing = false;
      await watcher;
    }
    expect(bad).toEqual([]);
    expect(statSync(path).size).toBe(JSON.stringify(small).length);
  });
});
