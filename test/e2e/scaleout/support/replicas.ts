import { WebSocket } from 'ws';
import { TEST_ADMIN, jsonOrText, startTestApp, type TestApp } from '../../../support/test-app.js';
import type { MockUpstream } from '../../../support/mock-upstreams/index.js';

/** Admin-API and /v1 helpers for the two-replica tests (real HTTP against each replica). */

export const MODEL = 'gpt-4o-mini';
/** A prompt whose estimate (≈ 900 tokens, reserved with margin) covers the 1342 prompt tokens the mock reports, and max output above its 214. */
export const PROMPT = `${'lorem '.repeat(600)}`;
export const MAX_TOKENS = 256;


export function replicaYaml(upstream: MockUpstream): string {
  return JSON.stringify({
    providers: [{ name: 'mock-openai', kind: 'openai', base_url: upstream.baseUrl, api_key: 'sk-mock-replicas-0000', retry: { attempts: 1, backoff_ms: [5] }, timeout_seconds: 10, pricing: { [MODEL]: { input: 0.15, output: 0.6 } } }],
    routing: [{ match: 'gpt-*', provider: 'mock-openai' }],
  });
}

export function startReplica(databaseUrl: string, yaml: string, redisUrl?: string): Promise<TestApp> {
  return startTestApp({ databaseUrl, yaml, env: redisUrl ? { REDIS_URL: redisUrl } : {} });
}

export async function api<T = any>(t: TestApp, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T; text: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  return { status: res.status, body: jsonOrText(text) as T, text };
}

export async function login(t: TestApp): Promise<string> {
  const res = await api<{ token: string }>(t, 'POST', '/api/auth/login', null, TEST_ADMIN);
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.token;
}

export async function newClient(t: TestApp, token: string, body: { name: string; credit_usd?: number; rpm?: number; tpm?: number }): Promise<{ clientId: string; keyId: string; key: string }> {
  const client = await api<{ id: string }>(t, 'POST', '/api/clients', token, body);
  if (client.status !== 201) throw new Error(`client: ${client.status} ${client.text}`);
  const key = await api<{ id: string; key: string }>(t, 'POST', `/api/clients/${client.body.id}/keys`, token, { name: 'k' });
  if (key.status !== 201) throw new Error(`key: ${key.status} ${key.text}`);
  return { clientId: client.body.id, keyId: key.body.id, key: key.body.key };
}

export interface ChatAnswer {
  status: number;
  requestId: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function chat(t: TestApp, key: string): Promise<ChatAnswer> {
  const res = await fetch(`${t.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, max_tokens: MAX_TOKENS, messages: [{ role: 'user', content: PROMPT }] }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), body: jsonOrText(await res.text()) };
}

/** The dashboard's live feed on one replica, as a browser on that replica's origin opens it. */
export async function openLive(t: TestApp, token: string): Promise<{ ws: WebSocket; messages: Array<{ type: string; data: any }> }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`, { origin: t.url });
  const messages: Array<{ type: string; data: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  ws.on('message', (raw) => {
    try {
      messages.push(JSON.parse(String(raw)));
    } catch {
      // not JSON: ignored
    }
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('live feed did not open')), 5_000);
    ws.once('open', () => { clearTimeout(timer); resolve(); });
    ws.once('unexpected-response', (_req, res) => { clearTimeout(timer); reject(new Error(`live feed refused: ${res.statusCode}`)); });
    ws.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
  return { ws, messages };
}
