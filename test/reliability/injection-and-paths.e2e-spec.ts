import { DataSource } from 'typeorm';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstreams/index.js';
import type { TestApp } from '../support/test-app.js';
import { databaseTargets } from '../support/test-database.js';
import { nestErrorProblems, openAIErrorProblems, safeAnswerProblems } from '../support/fuzz/envelope.js';
import { rawPath } from '../support/fuzz/raw.js';
import { registeredRoutes } from '../e2e/auth/support/routes.js';
import { adminToken, createClient, startGateway, type TestClient } from '../e2e/gateway/support/gateway.harness.js';
import { flushLogs, query } from './support/books.js';
import { WRITES, routeKey } from './support/api-surface.js';

const SQL_PAYLOADS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  "1; DROP TABLE clients; --",
  "'; DELETE FROM ledger_entries; --",
  "') UNION SELECT password_hash, username FROM users --",
  "1' AND (SELECT COUNT(*) FROM users) > 0 --",
  "%' OR '%'='",
  "admin'--",
  '$1',
  '?',
  '\\',
  "1) OR (1=1",
  "x' || (SELECT token_hash FROM sessions LIMIT 1) || '",
  "'; SELECT pg_sleep(5); --",
];

const PATH_TRICKS = [
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2f',
  '.%2e',
  '%00',
  '%2500',
  'a'.repeat(10_000),
  '%F0%9F%98%80',
  '%E2%80%AE%E2%80%AD',
  '%ff%fe',
  "'%20OR%20'1'%3D'1",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '*',
  '%20',
  'CON',
  '00000000-0000-4000-8000-000000000000%00',
  '00000000-0000-4000-8000-000000000000..%2F',
];

const TABLES = ['users', 'sessions', 'clients', 'client_keys', 'ledger_entries', 'reservations', 'request_logs', 'usage_rollups', 'providers', 'idempotency_keys'];

async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = Number((await query<{ n: unknown }>(ds, `SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return out;
}

/** Stored secrets' digests and ciphertexts: none may ever appear in an answer. */
async function storedSecrets(ds: DataSource): Promise<string[]> {
  const rows = [
    ...(await query<{ v: string }>(ds, 'SELECT password_hash AS v FROM users')),
    ...(await query<{ v: string }>(ds, 'SELECT token_hash AS v FROM sessions')),
    ...(await query<{ v: string }>(ds, 'SELECT key_hash AS v FROM client_keys')),
    ...(await query<{ v: string | null }>(ds, 'SELECT api_key_enc AS v FROM providers')),
  ];
  return rows.map((r) => r.v).filter((v): v is string => typeof v === 'string' && v.length >= 16);
}

describe.each(databaseTargets())('SQL injection and path tricks on %s', (db) => {
  let upstream: MockUpstream;
  let t: TestApp;
  let admin: string;
  let a: TestClient;
  let b: TestClient;
  let ds: DataSource;
  let before: Record<string, number>;
  let secrets: string[];

  beforeAll(async () => {
    upstream = await startMockUpstream('openai');
    t = await startGateway(db, {
      providers: [{ name: 'oa', kind: 'openai', base_url: upstream.baseUrl, api_key: 'sk-injection-provider-key-000', retry: { attempts: 1, backoff_ms: [0] }, pricing: { 'gpt-4o': { input: 1, output: 2 } } }],
      routing: [{ match: 'gpt-4o', provider: 'oa' }],
    });
    admin = await adminToken(t);
    a = await createClient(t, admin, { name: 'client-a', credit_usd: 5 });
    b = await createClient(t, admin, { name: 'client-b', credit_usd: 5 });
    for (const c of [a, a, b]) await c.sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    await fetch(`${t.url}/api/providers`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'stored', kind: 'openai', base_url: upstream.baseUrl, api_key: 'sk-stored-provider-key-111' }) });
    await flushLogs(t);
    ds = t.app.get(DataSource);
    before = await tableCounts(ds);
    secrets = await storedSecrets(ds);
    expect(before.request_logs).toBeGreaterThanOrEqual(3);
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  const leaks = (text: string): string[] => secrets.filter((s) => text.includes(s)).map((s) => `leaks a stored secret ${s.slice(0, 12)}…`);

  it('every documented query parameter of every GET: injection payloads never 5xx, never leak, never match rows', async () => {
    const doc = (await (await fetch(`${t.url}/docs-json`)).json()) as { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> };
    const failures: string[] = [];
    let tried = 0;
    for (const [pattern, ops] of Object.entries(doc.paths)) {
      const params = (ops.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const path = pattern.replace('{id}', a.id);
      for (const param of params) {
        for (const payload of SQL_PAYLOADS) {
          tried++;
          const started = Date.now();
          const res = await rawPath(t.url, 'GET', `${path}?${param}=${encodeURIComponent(payload)}`, { authorization: `Bearer ${admin}` });
          // an answer may quote the value back ("model '…' does not exist"): judge what is left without it
          const judged = payload.length < 4 ? res : { ...res, text: res.text.split(JSON.stringify(payload).slice(1, -1)).join('').split(payload).join('') };
          const problems = [...(res.status < 400 ? safeAnswerProblems(judged) : nestErrorProblems(judged)), ...leaks(res.text)];
          if (Date.now() - started > 3000) problems.push('took over 3 s (a sleep ran?)');
          if (res.status === 200 && pattern === '/api/logs') {
            const rows = (JSON.parse(res.text) as { data: unknown[] }).data;
            if (rows.length) problems.push(`matched ${rows.length} log rows`);
          }
          if (problems.length) failures.push(`GET ${pattern}?${param}=${payload} → ${res.status}: ${problems.join('; ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(SQL_PAYLOADS.length * 10);
  });

  it('one client cannot see another through an injected client_id, and the real filter still works', async () => {
    const own = await rawPath(t.url, 'GET', `/api/logs?client_id=${b.id}`, { authorization: `Bearer ${admin}` });
    expect((JSON.parse(own.text) as { data: Array<{ client_id: string }> }).data.map((r) => r.client_id)).toEqual([b.id]);
    for (const payload of [`${b.id}' OR '1'='1`, `${b.id}' OR client_id <> '`, `${a.id}') OR ('1'='1`]) {
      const res = await rawPath(t.url, 'GET', `/api/logs?client_id=${encodeURIComponent(payload)}`, { authorization: `Bearer ${admin}` });
      expect([payload, res.status < 500]).toEqual([payload, true]);
      if (res.status === 200) expect((JSON.parse(res.text) as { data: unknown[] }).data).toEqual([]);
    }
  });

  it('payloads in bodies are stored as text, never run: names read back verbatim, logins fail', async () => {
    for (const payload of SQL_PAYLOADS.slice(0, 8)) {
      const created = await rawPath(t.url, 'POST', '/api/clients', { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, JSON.stringify({ name: payload }));
      expect([payload, created.status]).toEqual([payload, 201]);
      const id = (JSON.parse(created.text) as { id: string }).id;
      const read = await rawPath(t.url, 'GET', `/api/clients/${id}`, { authorization: `Bearer ${admin}` });
      expect((JSON.parse(read.text) as { name: string }).name).toBe(payload);
      await rawPath(t.url, 'DELETE', `/api/clients/${id}`, { authorization: `Bearer ${admin}` });
    }
    for (const [username, password] of [["admin' --", 'x'], ["admin'/*", 'x'], ['admin', "' OR '1'='1"], ["' OR 1=1 --", "' OR 1=1 --"]]) {
      const res = await rawPath(t.url, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username, password }));
      expect([username, password, res.status]).toEqual([username, password, expect.any(Number)]);
      expect(res.status === 401 || res.status === 429).toBe(true);
      expect(res.text).not.toContain('token');
    }
    const model = await rawPath(t.url, 'POST', '/v1/chat/completions', { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' }, JSON.stringify({ model: "gpt-4o' OR '1'='1", messages: [{ role: 'user', content: 'hi' }] }));
    expect(model.status).toBe(404);
  });

  it('every id parameter of every route: path tricks → a 4xx in the right envelope, never a 5xx', async () => {
    const routes = registeredRoutes(t).filter((r) => (r.path.startsWith('/api/') || r.path.startsWith('/v1/')) && /[:*]/.test(r.path));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const failures: string[] = [];
    for (const r of routes) {
      const openai = r.path.startsWith('/v1/');
      const auth = { authorization: `Bearer ${openai ? a.key : admin}` };
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : JSON.stringify(WRITES[routeKey(r)]?.base ?? {});
      const slots = (r.path.match(/:[A-Za-z0-9_]+|\*/g) ?? []).length;
      for (let slot = 0; slot < slots; slot++) {
        for (const trick of PATH_TRICKS) {
          let n = -1;
          const path = r.path.replace(/:[A-Za-z0-9_]+|\*/g, () => (++n === slot ? trick : n === 0 ? a.id : '00000000-0000-4000-8000-000000000000'));
          const res = await rawPath(t.url, r.method, path, { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body);
          const problems = openai ? openAIErrorProblems(res) : nestErrorProblems(res);
          if (problems.length) failures.push(`${r.method} ${path.slice(0, 120)} → ${problems.join('; ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('leaves every table intact', async () => {
    const after = await tableCounts(ds);
    for (const table of ['users', 'client_keys', 'ledger_entries', 'request_logs', 'providers']) expect([table, after[table] >= before[table]]).toEqual([table, true]);
    expect(after.clients).toBe(before.clients + 8);
    const ledger = await query<{ n: unknown }>(ds, 'SELECT COUNT(*) AS n FROM ledger_entries WHERE client_id IN ($1, $2)', [a.id, b.id]);
    expect(Number(ledger[0].n)).toBe(2 + 3);
  });
});
