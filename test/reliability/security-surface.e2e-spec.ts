import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { rawPath } from '../support/fuzz/raw.js';
import { clientWithKey, login } from '../e2e/dashboard/support/dashboard.js';

const SRC = join(process.cwd(), 'src');
const FOREIGN = 'https://evil.example';

function sourceFiles(dir = SRC, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (p.endsWith('.ts')) out.push(p);
    if (out.length > 5000) break;
  }
  return out;
}

const read = (rel: string): string => readFileSync(join(SRC, rel), 'utf8');

/** Names that hold a secret or a digest of one. */
const SECRET_NAME = /^(?:token|apiKey|api_key|password|secret|hash|tokenHash|token_hash|keyHash|key_hash|passwordHash|password_hash|bearer|given|presented|metricsToken|metrics_token|storedHash|expectedHash|clientKey|sessionToken|rawKey)$/i;
/** Comparisons with a literal (a type tag, a sentinel) reveal nothing about a secret. */
const HARMLESS = /^(?:null|undefined|true|false|\d+|'[^']*'|"[^"]*"|`[^`]*`)$/;

/** Equality comparisons in source whose operand is a secret-bearing name (the last segment of a dotted path). */
function secretComparisons(): string[] {
  const hits: string[] = [];
  for (const file of sourceFiles()) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/([\w$.?[\]'"]+)\s*(===|!==|==|!=)\s*([\w$.?[\]'"`]+)/g)) {
        const [, left, , right] = m;
        const last = (s: string) => s.replace(/\?/g, '').split('.').pop() ?? s;
        const secretSide = SECRET_NAME.test(last(left)) || SECRET_NAME.test(last(right));
        if (secretSide && !HARMLESS.test(left) && !HARMLESS.test(right) && !/typeof\s*$/.test(line.slice(0, m.index))) hits.push(`${file.slice(SRC.length + 1)}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  return hits;
}

describe('timing-safe comparison of keys, session tokens, passwords and the metrics token (source and behaviour)', () => {
  it('no secret or digest is ever compared with ==/=== anywhere in src', () => {
    expect(secretComparisons()).toEqual([]);
  });

  it('the comparing primitives are constant-time, and every secret check goes through one', () => {
    expect(read('common/crypto/hash.ts')).toMatch(/export function hexEquals[\s\S]*?timingSafeEqual\(/);
    expect(read('common/crypto/password.ts')).toMatch(/timingSafeEqual\(/);
    // client keys and session tokens are never compared at all: they are hashed (sha-256) and looked up by digest
    expect(read('auth/keys/key-format.ts')).toMatch(/export function clientKeyHash\(key: string\): string \{\s*return sha256Hex\(key\);/);
    expect(read('auth/guards/api-key.guard.ts')).toMatch(/this\.lookup\.resolve\(clientKeyHash\(token\)\)/);
    expect(read('sessions/session-token.ts')).toMatch(/export function sessionTokenHash\(token: string\): string \{\s*return sha256Hex\(token\);/);
    expect(read('sessions/sessions.service.ts')).toMatch(/token_hash: sessionTokenHash\(token\)/);
    expect(read('health/metrics.controller.ts')).toMatch(/hexEquals\(sha256Hex\(given\), this\.tokenHash\)/);
    // the live feed authenticates through the sessions service, not a comparison of its own
    expect(read('dashboard/live/live-sessions.ts')).toMatch(/SessionsService|SessionAuthService/);
  });

  it('a key one character off, or a session token one character off, is refused like any unknown one', async () => {
    const t = await startTestApp({ env: { GOPHERGATE_METRICS_TOKEN: 'metrics-token-0123456789' } });
    try {
      const admin = await login(t);
      const { key } = await clientWithKey(t, admin, 'timing');
      const last = key.slice(-1) === 'A' ? 'B' : 'A';
      const bodies = new Set<string>();
      for (const k of [`${key.slice(0, -1)}${last}`, `gg-${'x'.repeat(43)}`, 'gg-short']) {
        const res = await rawPath(t.url, 'GET', '/v1/models', { authorization: `Bearer ${k}` });
        expect(res.status).toBe(401);
        bodies.add(res.text);
      }
      expect(bodies.size).toBe(1);
      const tokenOff = `${admin.slice(0, -1)}${admin.slice(-1) === 'A' ? 'B' : 'A'}`;
      expect((await rawPath(t.url, 'GET', '/api/auth/me', { authorization: `Bearer ${tokenOff}` })).status).toBe(401);
      const wrongUser = await rawPath(t.url, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username: 'nobody', password: 'admin-password-123' }));
      const wrongPassword = await rawPath(t.url, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username: 'admin', password: 'admin-password-124' }));
      expect([wrongUser.status, wrongPassword.status]).toEqual([401, 401]);
      expect(JSON.parse(wrongUser.text).message).toBe(JSON.parse(wrongPassword.text).message);
      for (const auth of [undefined, 'Bearer metrics-token-0123456788', 'Bearer metrics-token-012345678']) {
        expect((await rawPath(t.url, 'GET', '/metrics', auth ? { authorization: auth } : {})).status).toBe(401);
      }
      expect((await rawPath(t.url, 'GET', '/metrics', { authorization: 'Bearer metrics-token-0123456789' })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('security headers and CORS (database-independent: SQLite)', () => {
  let t: TestApp;
  let key: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({});
    admin = await login(t);
    key = (await clientWithKey(t, admin, 'headers')).key;
  });
  afterAll(async () => {
    await t?.close();
  });

  const surfaces = (): Array<[string, string, Record<string, string>]> => [
    ['/v1 (answered)', '/v1/models', { authorization: `Bearer ${key}` }],
    ['/v1 (refused)', '/v1/models', {}],
    ['/api (answered)', '/api/auth/me', { authorization: `Bearer ${admin}` }],
    ['/api (refused)', '/api/clients', {}],
    ['/', '/', {}],
    ['/docs', '/docs', {}],
    ['/health', '/health', {}],
    ['an unknown path', '/nowhere', {}],
  ];

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('security headers on every surface (#%i)', async (i) => {
    const [name, path, headers] = surfaces()[i];
    const res = await rawPath(t.url, 'GET', path, headers);
    const h = Object.fromEntries(res.headers);
    expect({ name, status: res.status < 500, nosniff: h['x-content-type-options'], referrer: h['referrer-policy'], frame: h['x-frame-options'] }).toEqual({ name, status: true, nosniff: 'nosniff', referrer: 'no-referrer', frame: 'SAMEORIGIN' });
    expect(h['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(h['content-security-policy']).toMatch(/object-src 'none'/);
    expect(h['cross-origin-opener-policy']).toBe('same-origin');
    expect(h['x-powered-by']).toBeUndefined();
    expect(h['x-request-id']).toMatch(/\S/);
  });

  it('CORS is closed by default: no Access-Control-Allow-Origin for a foreign Origin, preflights refused', async () => {
    for (const [, path, headers] of surfaces()) {
      const res = await rawPath(t.url, 'GET', path, { ...headers, origin: FOREIGN });
      expect([path, res.headers.get('access-control-allow-origin'), res.headers.get('access-control-allow-credentials')]).toEqual([path, null, null]);
    }
    for (const path of ['/v1/chat/completions', '/api/clients', '/api/auth/login']) {
      const pre = await rawPath(t.url, 'OPTIONS', path, { origin: FOREIGN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' });
      expect([path, pre.status >= 400, pre.headers.get('access-control-allow-origin'), pre.headers.get('access-control-allow-methods')]).toEqual([path, true, null, null]);
    }
  });

  it('with cors_origins configured only those origins are allowed (the closed default is a choice, not an accident)', async () => {
    const open = await startTestApp({ yaml: 'server: { cors_origins: ["https://dash.example"] }' });
    try {
      const good = await rawPath(open.url, 'OPTIONS', '/api/clients', { origin: 'https://dash.example', 'access-control-request-method': 'POST' });
      expect(good.headers.get('access-control-allow-origin')).toBe('https://dash.example');
      const bad = await rawPath(open.url, 'OPTIONS', '/api/clients', { origin: FOREIGN, 'access-control-request-method': 'POST' });
      expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.close();
    }
  });

  it('regression: form-encoded bodies (what a cross-site HTML form can send) are refused with 415, nothing is created', async () => {
    const before = JSON.parse((await rawPath(t.url, 'GET', '/api/clients', { authorization: `Bearer ${admin}` })).text) as { data: unknown[] };
    for (const path of ['/api/clients', '/api/users', '/api/auth/logout', '/v1/chat/completions']) {
      const res = await rawPath(t.url, 'POST', path, { cookie: `gg_session=${admin}`, authorization: `Bearer ${path.startsWith('/v1') ? key : admin}`, 'content-type': 'application/x-www-form-urlencoded' }, 'name=from-a-form&username=formuser&password=password-123&role=admin');
      expect([path, res.status]).toEqual([path, 415]);
    }
    const after = JSON.parse((await rawPath(t.url, 'GET', '/api/clients', { authorization: `Bearer ${admin}` })).text) as { data: unknown[] };
    expect(after.data.length).toBe(before.data.length);
    expect((await rawPath(t.url, 'GET', '/api/auth/me', { authorization: `Bearer ${admin}` })).status).toBe(200);
  });

  it('a streamed /v1 answer carries the same protective headers as a JSON one', async () => {
    const res = await rawPath(t.url, 'POST', '/v1/chat/completions', { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, JSON.stringify({ model: 'nope-model', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('provider base_url is restricted to http(s) in the config file', () => {
  it.each(['file:///etc/passwd', 'ftp://files.example/v1', 'gopher://127.0.0.1:70/_', 'javascript:alert(1)', 'data:text/plain,hi', 'ws://127.0.0.1:1/v1', '//no-scheme.example/v1', 'http://'])('refuses %s at boot, naming the key', (url) => {
    const yaml = JSON.stringify({ providers: [{ name: 'p', kind: 'openai', base_url: url }] });
    const dir = mkdtempSync(join(tmpdir(), 'gg-cfg-'));
    writeFileSync(join(dir, 'config.yaml'), yaml);
    let message = '';
    try {
      loadConfig({ GOPHERGATE_CONFIG: join(dir, 'config.yaml'), DATA_DIR: dir }, dir);
    } catch (err) {
      message = (err as Error).message;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(message).toMatch(/providers\.0\.base_url/);
  });
});
