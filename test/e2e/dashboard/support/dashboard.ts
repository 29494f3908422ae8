import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { TEST_ADMIN, type TestApp } from '../../../support/test-app.js';

export interface Answer<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One admin-API call with a session token (or none); the body is parsed when it is JSON. */
export async function call<T = any>(t: TestApp, method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export async function login(t: TestApp, username = TEST_ADMIN.username, password = TEST_ADMIN.password): Promise<string> {
  const res = await call<{ token: string }>(t, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
  return res.body.token;
}

/** A signed-in viewer (read-only user), created by the admin. */
export async function viewerToken(t: TestApp, adminToken: string, username = 'viewer-1'): Promise<string> {
  const created = await call(t, 'POST', '/api/users', { token: adminToken, body: { username, password: 'viewer-password-123', role: 'viewer' } });
  if (created.status !== 201 && created.status !== 200) throw new Error(`creating a viewer failed: ${created.status} ${created.text}`);
  return login(t, username, 'viewer-password-123');
}

/** A client with credit and one key, through the admin API. */
export async function clientWithKey(t: TestApp, adminToken: string, name = 'app', creditUsd = 10): Promise<{ clientId: string; key: string }> {
  const client = await call<{ id: string }>(t, 'POST', '/api/clients', { token: adminToken, body: { name, credit_usd: creditUsd } });
  if (client.status !== 201) throw new Error(`creating a client failed: ${client.status} ${client.text}`);
  const key = await call<{ key: string }>(t, 'POST', `/api/clients/${client.body.id}/keys`, { token: adminToken, body: {} });
  if (key.status !== 201) throw new Error(`creating a key failed: ${key.status} ${key.text}`);
  return { clientId: client.body.id, key: key.body.key };
}

/** Every file under `dir` (WAL and shared-memory files included), bounded in count. */
export function filesUnder(dir: string, limit = 10_000): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (statSync(p).isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** The files under `dir` whose bytes contain `needle` (as UTF-8). */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return filesUnder(dir).filter((f) => readFileSync(f).includes(bytes));
}

export type Handshake =
  | { kind: 'open'; ws: WebSocket; messages: Array<{ type: string; data: any }> } // eslint-disable-line @typescript-eslint/no-explicit-any
  | { kind: 'refused'; status: number; body: string };

/** Open /ws and report either the open socket (collecting its messages) or the HTTP status that refused it. */
export function openLive(t: TestApp, options: { token?: string; cookie?: string; origin?: string | null; path?: string } = {}): Promise<Handshake> {
  const url = new URL(options.path ?? '/ws', t.url.replace(/^http/, 'ws'));
  if (options.token) url.searchParams.set('token', options.token);
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  const origin = options.origin === undefined ? t.url : options.origin;
  const ws = new WebSocket(url, { headers, ...(origin ? { origin } : {}), handshakeTimeout: 5000 });
  const messages: Array<{ type: string; data: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ kind: 'open', ws, messages }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body: '' }));
    });
    ws.once('error', (err) => reject(err));
  });
}

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' });
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
}
