import { TEST_ADMIN, type TestApp } from '../../../support/test-app.js';

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One /api call with a session token (or none), JSON in and out. */
export async function call<T = unknown>(t: TestApp, method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${t.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export async function login(t: TestApp, username = TEST_ADMIN.username, password = TEST_ADMIN.password): Promise<string> {
  const res = await call<{ token: string }>(t, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** Create a user as admin and sign them in; returns their id and token. */
export async function userWithRole(t: TestApp, adminToken: string, role: 'admin' | 'viewer', username = `${role}-${Math.random().toString(36).slice(2, 8)}`): Promise<{ id: string; token: string; username: string; password: string }> {
  const password = 'viewer-password-123';
  const created = await call<{ id: string }>(t, 'POST', '/api/users', { token: adminToken, body: { username, password, role } });
  if (created.status !== 201) throw new Error(`create user failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id, token: await login(t, username, password), username, password };
}

export async function createClient(t: TestApp, adminToken: string, body: Record<string, unknown> = { name: 'acme' }): Promise<{ id: string; [k: string]: unknown }> {
  const res = await call<{ id: string }>(t, 'POST', '/api/clients', { token: adminToken, body });
  if (res.status !== 201) throw new Error(`create client failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createKey(t: TestApp, adminToken: string, clientId: string, body: Record<string, unknown> = {}): Promise<{ id: string; key: string; prefix: string }> {
  const res = await call<{ id: string; key: string; prefix: string }>(t, 'POST', `/api/clients/${clientId}/keys`, { token: adminToken, body });
  if (res.status !== 201) throw new Error(`create key failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
