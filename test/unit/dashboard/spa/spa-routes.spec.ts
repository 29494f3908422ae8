import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { isReservedPath, registerSpa } from '../../../../src/dashboard/spa/spa.routes.js';

async function appOn(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/api/things', async () => ({ ok: true }));
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ statusCode: 404, message: 'not here' }));
  await registerSpa(app, root);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): unknown;
}

/** A GET with the path sent exactly as written (fetch would normalise `%2e%2e` segments away). */
function get(app: FastifyInstance, path: string): Promise<Answer> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard SPA routes', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gg-spa-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('knows the server’s own prefixes', () => {
    for (const p of ['/v1/models', '/api', '/api/x', '/health/ready', '/metrics', '/docs', '/docs-json', '/ws']) expect(isReservedPath(p)).toBe(true);
    for (const p of ['/', '/clients', '/clients/abc', '/apis', '/v1x', '/assets/app.js']) expect(isReservedPath(p)).toBe(false);
  });

  describe('with a build', () => {
    let app: FastifyInstance;
    beforeEach(async () => {
      mkdirSync(join(root, 'assets'));
      writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
      writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
      writeFileSync(join(root, 'favicon.svg'), '<svg/>');
      writeFileSync(join(root, '.env'), 'SECRET=1');
      app = await appOn(root);
    });
    afterEach(() => app.close());

    it('serves index.html at / and for client-side routes, never cached', async () => {
      for (const url of ['/', '/clients', '/clients/c_1/keys', '/logs?status=500']) {
        const res = await get(app, url);
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('<div id="app">');
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
      }
    });

    it('serves hashed assets with a long immutable cache', async () => {
      const res = await get(app, '/assets/index-abc123.js');
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('console.log(1)');
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const icon = await get(app, '/favicon.svg');
      expect(icon.statusCode).toBe(200);
      expect(icon.headers['cache-control']).toBe('no-cache');
    });

    it('answers 404 for missing assets, dotfiles and the server’s own unknown paths', async () => {
      for (const url of ['/assets/missing.js', '/nope.css', '/.env', '/assets/../.env', '/v1/nope', '/api/nope', '/ws', '/health/nope']) {
        const res = await get(app, url);
        expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
        expect(res.body).not.toContain('SECRET');
      }
      expect((await get(app, '/api/things')).json()).toEqual({ ok: true });
    });

    it('never serves a file from outside the build folder', async () => {
      for (const url of ['/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2f..%2fetc/hostname', '/%2e%2e%2f.env']) {
        const res = await get(app, url);
        expect(res.body).not.toContain('root:');
        expect(res.body).not.toContain('SECRET');
        // either refused, or the SPA's own page (a client-side route that does not exist)
        if (res.statusCode === 200) expect(res.body).toContain('<div id="app">');
        else expect([400, 403, 404]).toContain(res.statusCode);
      }
    });
  });

  it('explains how to build the dashboard when there is no build', async () => {
    const app = await appOn(join(root, 'missing'));
    try {
      for (const url of ['/', '/clients']) {
        const res = await get(app, url);
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('dashboard is not built');
        expect(res.body).toContain('npm run build');
      }
      expect((await get(app, '/v1/x')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
