import OpenAI from 'openai';
import { TEST_ADMIN, startTestApp, type TestApp } from '../../../support/test-app.js';
import type { DbTarget } from '../../../support/test-database.js';

export interface ProviderYaml {
  name: string;
  kind: string;
  base_url?: string;
  api_key?: string;
  preset?: string;
  timeout_seconds?: number;
  stream_idle_seconds?: number;
  retry?: { attempts: number; backoff_ms: number[] };
  breaker?: { consecutive_failures: number; half_open_after_seconds: number };
  pricing?: Record<string, { input: number; output: number; cache_read?: number; cache_write?: number }>;
  models?: string[];
}

export interface GatewayConfig {
  providers: ProviderYaml[];
  routing?: Array<{ match: string; provider: string; fallback?: string[] }>;
  billing?: { unpriced_models?: 'reject' | 'free'; default_max_output_tokens?: number };
}

/** Short timings so failure paths run in milliseconds. */
export const FAST = { retry: { attempts: 1, backoff_ms: [5] }, timeout_seconds: 5, stream_idle_seconds: 5 };

/** The real app with a config.yaml (JSON is YAML) naming the mock upstreams. */
export function startGateway(db: DbTarget, config: GatewayConfig): Promise<TestApp> {
  return startTestApp({ db, yaml: JSON.stringify(config) });
}

export async function adminToken(t: TestApp): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface TestClient {
  id: string;
  key: string;
  sdk: OpenAI;
}

/** A client with credit and a key, made through the admin API, and an official OpenAI SDK pointed at the gateway. */
export async function createClient(t: TestApp, token: string, body: { name: string; credit_usd?: number; allowed_models?: string[]; rpm?: number; tpm?: number }): Promise<TestClient> {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${t.url}/api/clients`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  if (created.status !== 201 && created.status !== 200) throw new Error(`client create failed: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const keyRes = await fetch(`${t.url}/api/clients/${id}/keys`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'test' }) });
  if (keyRes.status !== 201 && keyRes.status !== 200) throw new Error(`key create failed: ${keyRes.status} ${await keyRes.text()}`);
  const { key } = (await keyRes.json()) as { key: string };
  return { id, key, sdk: new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0, timeout: 15_000 }) };
}

export async function balanceUsd(t: TestApp, token: string, clientId: string): Promise<number> {
  const res = await fetch(`${t.url}/api/clients/${clientId}`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { balance_usd: number }).balance_usd;
}

/** POST JSON to the gateway with a client key; returns status, headers and raw text. */
export async function post(t: TestApp, key: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string; json: () => any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** Parse an SSE body into its data payloads ('[DONE]' kept as a string). */
export function sseData(text: string): unknown[] {
  return text
    .split('\n\n')
    .map((f) => f.trim())
    .filter((f) => f.startsWith('data: '))
    .map((f) => {
      const data = f.slice(6);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

export async function metricsText(t: TestApp): Promise<string> {
  return (await fetch(`${t.url}/metrics`)).text();
}
