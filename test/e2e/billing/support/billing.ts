import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerService } from '../../../../src/billing/index.js';
import { usdToMoney, type Money, type Price } from '../../../../src/common/index.js';
import type { RequestLogEntry } from '../../../../src/logging/index.js';
import { TEST_ADMIN, type TestApp } from '../../../support/test-app.js';

export const GPT_5_MINI: Price = { input: 0.25, output: 2.0, cacheRead: 0.025 };

/** A client row straight in the database (billing tests do not depend on the clients API), with initial credit. */
export async function insertClient(t: TestApp, creditE10: Money, name = `client-${randomUUID().slice(0, 8)}`): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  const ds = t.app.get(DataSource);
  const q = ds.options.type === 'postgres'
    ? 'INSERT INTO clients (id, name, balance_usd_e10, reserved_usd_e10, created_at, updated_at) VALUES ($1, $2, 0, 0, $3, $3)'
    : 'INSERT INTO clients (id, name, balance_usd_e10, reserved_usd_e10, created_at, updated_at) VALUES (?, ?, 0, 0, ?, ?)';
  await ds.query(q, ds.options.type === 'postgres' ? [id, name, now] : [id, name, now, now]);
  if (creditE10 > 0n) await t.app.get(LedgerService).addEntry(id, creditE10, 'initial', 'test credit');
  return id;
}

export async function rows<T = Record<string, unknown>>(t: TestApp, sqlText: string, params: unknown[] = []): Promise<T[]> {
  const ds = t.app.get(DataSource);
  const text = ds.options.type === 'postgres' ? sqlText : sqlText.replace(/\$\d+/g, '?');
  return (await ds.query(text, params)) as T[];
}

export async function login(t: Pick<TestApp, 'url'>, username = TEST_ADMIN.username, password = TEST_ADMIN.password): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200 && res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface ApiAnswer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(t: Pick<TestApp, 'url'>, token: string | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A request-log entry with sensible defaults and a unique request id. */
let seq = 0;
export function logEntry(over: Partial<RequestLogEntry> = {}): RequestLogEntry {
  seq += 1;
  return {
    requestId: `log_${Date.now()}_${seq}`, createdAt: Date.now(), clientId: null, clientName: 'acme', keyId: 'key_1', model: 'gpt-5-mini', provider: 'openai',
    status: 200, errorCode: null, errorMessage: null, latencyMs: 120, ttfbMs: 40, stream: false,
    usage: { input: 100, cacheRead: 20, cacheWrite: 0, output: 50, reasoning: 10 }, costE10: 12_340_000n, estimated: false, ...over,
  };
}


/** config.yaml for a gateway whose `openai` provider is a mock upstream, gpt-5-mini priced like models.dev. */
export function gatewayYaml(baseUrl: string, extra = ''): string {
  return [
    'providers:',
    '  - name: openai',
    '    kind: openai',
    `    base_url: ${baseUrl}`,
    '    api_key: sk-test-key',
    '    retry: { attempts: 1, backoff_ms: [0] }',
    '    pricing: { "gpt-5-mini": { input: 0.25, output: 2.0, cache_read: 0.025 } }',
    extra,
  ].join('\n');
}

/** A client with `creditUsd` and one key, made through the admin API as an operator would. */
export async function clientWithKey(t: Pick<TestApp, 'url'>, token: string, creditUsd: number): Promise<{ clientId: string; key: string }> {
  const client = await api(t, token, 'POST', '/api/clients', { name: `c-${randomUUID().slice(0, 8)}`, credit_usd: creditUsd });
  if (client.status !== 201) throw new Error(`client not created: ${client.status} ${JSON.stringify(client.body)}`);
  const key = await api(t, token, 'POST', `/api/clients/${client.body.id}/keys`, { name: 'test' });
  if (key.status !== 201) throw new Error(`key not created: ${key.status} ${JSON.stringify(key.body)}`);
  return { clientId: client.body.id, key: key.body.key };
}

export function chat(url: string, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Where was this photo taken?' }], ...body }),
    signal,
  });
}

/** Every ledger entry of a client (newest first), through the API. */
export async function ledgerOf(t: Pick<TestApp, 'url'>, token: string, clientId: string): Promise<Array<{ id: string; amount_usd: number; kind: string; request_id: string | null; estimated: boolean }>> {
  const out: Array<{ id: string; amount_usd: number; kind: string; request_id: string | null; estimated: boolean }> = [];
  let cursor = '';
  for (let i = 0; i < 100; i++) {
    const page = await api(t, token, 'GET', `/api/clients/${clientId}/ledger?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    if (page.status !== 200) throw new Error(`ledger: ${page.status}`);
    out.push(...page.body.data);
    if (!page.body.next_cursor) break;
    cursor = page.body.next_cursor;
  }
  return out;
}

/** A USD amount of the API in money units, exactly (parsed from its decimal text). */
export const toE10 = (usd: number) => usdToMoney(usd);
