import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseTargets } from '../../support/test-database.js';
import { SMALL_CATALOG, startTestApp, type TestApp } from '../../support/test-app.js';
import { DocServer, makeDoc, respond, waitFor } from '../../unit/registry/support/registry-fixtures.js';
import { adminHeaders, getJson, postJson, type ModelList } from './support/registry.js';

describe.each(databaseTargets())('registry refresh on %s', (db) => {
  let server: DocServer;
  beforeAll(async () => {
    server = await DocServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  describe('POST /api/registry/refresh', () => {
    let t: TestApp;
    let auth: Record<string, string>;
    const cacheFile = (): string => join(t.dataDir, 'registry-cache.json');
    const ids = async (): Promise<string[]> => (await getJson<ModelList>(t, '/api/models', auth)).body.data.map((m) => m.id);

    beforeAll(async () => {
      t = await startTestApp({ db, env: { GOPHERGATE_REGISTRY_URL: server.url, GOPHERGATE_REGISTRY_REFRESH_MINUTES: '0' } });
      auth = await adminHeaders(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it.each([
      ['a document that is not JSON', () => respond.json('<html>maintenance</html>'), /not valid JSON/],
      ['a document of the wrong shape', () => respond.json({ openai: { models: 'none' } }), /rejected/],
      ['an HTTP 500', () => respond.status(500), /HTTP 500/],
    ])('answers 502 and keeps the catalog on %s', async (_label, responder, message) => {
      server.responder = responder();
      const before = await ids();
      const { status, body } = await postJson(t, '/api/registry/refresh', auth);
      expect(status).toBe(502);
      expect(body).toEqual({ statusCode: 502, message: expect.stringMatching(message), error: 'Bad Gateway' });
      expect(await ids()).toEqual(before);
      expect(existsSync(cacheFile())).toBe(false);
      expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
    });

    it('swaps in a valid download, caches it in DATA_DIR, and keeps it through a later failure', async () => {
      const doc = makeDoc('remote', 4, { input: 0.5, output: 1.5 });
      server.responder = respond.json(doc);
      const { status, body } = await postJson(t, '/api/registry/refresh', auth);
      expect(status).toBe(200);
      expect(body).toEqual({ source: 'remote', loaded_at: expect.any(String), models: 4, loaded: true });
      expect(Date.now() - Date.parse((body as { loaded_at: string }).loaded_at)).toBeLessThan(60_000);
      const list = await getJson<ModelList>(t, '/api/models', auth);
      expect(list.body.data.map((m) => [m.id, m.input_price, m.output_price])).toEqual([
        ['remote-0', 0.5, 1.5], ['remote-1', 0.5, 1.5], ['remote-2', 0.5, 1.5], ['remote-3', 0.5, 1.5],
      ]);
      expect(JSON.parse(readFileSync(cacheFile(), 'utf8'))).toEqual(doc);

      server.responder = respond.status(503);
      expect((await postJson(t, '/api/registry/refresh', auth)).status).toBe(502);
      expect(await ids()).toEqual(['remote-0', 'remote-1', 'remote-2', 'remote-3']);
      expect(JSON.parse(readFileSync(cacheFile(), 'utf8'))).toEqual(doc);
    });
  });

  it('refreshes at start in the background: serves the bundled catalog first, then the download', async () => {
    server.responder = respond.delayed(1500, makeDoc('late', 2, { input: 1, output: 2 }));
    server.hits = 0;
    const t = await startTestApp({ db, env: { GOPHERGATE_REGISTRY_URL: server.url, GOPHERGATE_REGISTRY_REFRESH_MINUTES: '60' } });
    try {
      const auth = await adminHeaders(t);
      const first = await getJson<ModelList>(t, '/api/models', auth);
      expect(first.body.registry.source).toBe('bundled');
      expect((await fetch(`${t.url}/health/ready`)).status).toBe(200);
      await waitFor(async () => (await getJson<ModelList>(t, '/api/models', auth)).body.registry.source === 'remote', 10_000);
      expect((await getJson<ModelList>(t, '/api/models', auth)).body.data.map((m) => m.id)).toEqual(['late-0', 'late-1']);
      expect(server.hits).toBe(1);
      expect(existsSync(join(t.dataDir, 'registry-cache.json'))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('shuts down promptly while the start refresh is stuck on a hanging registry', async () => {
    server.responder = respond.hang();
    server.hits = 0;
    const t = await startTestApp({ db, env: { GOPHERGATE_REGISTRY_URL: server.url, GOPHERGATE_REGISTRY_REFRESH_MINUTES: '60' }, bundledSnapshot: SMALL_CATALOG });
    await waitFor(() => server.hits === 1);
    const auth = await adminHeaders(t);
    expect((await getJson<ModelList>(t, '/api/models', auth)).body.registry).toMatchObject({ source: 'bundled', models: 12 });
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(10_000); // the download timeout is 30 s
  });
});
