import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWebRoot } from '../../../src/dashboard/spa/web-root.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The real app serving whatever `npm run build` left in dist/web (or explaining that nothing is built). */
describe('dashboard SPA at /', () => {
  let t: TestApp;
  const root = defaultWebRoot();
  const built = existsSync(join(root, 'index.html'));

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the dashboard (or how to build it) at / and client-side routes, under the strict CSP', async () => {
    for (const path of ['/', '/clients', '/providers/abc']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      if (built) {
        expect(html).toBe(readFileSync(join(root, 'index.html'), 'utf8'));
        expect(res.headers.get('cache-control')).toBe('no-cache');
      } else {
        expect(html).toContain('npm run build');
      }
    }
  });

  it('keeps the server’s own unknown paths as 404s in their own shapes', async () => {
    const v1 = await fetch(`${t.url}/v1/not-a-route`);
    expect(v1.status).toBe(404);
    expect(await v1.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found' } });
    const api = await fetch(`${t.url}/api/not-a-route`);
    expect(api.status).toBe(404);
    await api.text();
    for (const path of ['/health/nope', '/metrics/nope', '/ws']) {
      const res = await fetch(`${t.url}${path}`);
      await res.text();
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    await health.text();
  });

  (built ? it : it.skip)('serves the built assets with a long immutable cache', async () => {
    const html = readFileSync(join(root, 'index.html'), 'utf8');
    const asset = /(?:src|href)="(\/assets\/[^"]+)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const res = await fetch(`${t.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const missing = await fetch(`${t.url}/assets/not-there-123.js`);
    await missing.text();
    expect(missing.status).toBe(404);
  });
});
