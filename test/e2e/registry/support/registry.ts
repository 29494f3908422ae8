import type { TestApp } from '../../../support/test-app.js';
import { TEST_ADMIN } from '../../../support/test-app.js';

/**
 * Headers that open /api as the test admin. When the auth module is part of the app, log in for a session; when it is
 * not (yet), /api has no guard and the login route answers 404, so no header is needed.
 */
export async function adminHeaders(t: TestApp): Promise<Record<string, string>> {
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(TEST_ADMIN),
  });
  if (res.status === 404) return {};
  if (res.status !== 200 && res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

export async function getJson<T = unknown>(t: TestApp, path: string, headers: Record<string, string>): Promise<{ status: number; body: T }> {
  const res = await fetch(`${t.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T = unknown>(t: TestApp, path: string, headers: Record<string, string>): Promise<{ status: number; body: T }> {
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers });
  return { status: res.status, body: (await res.json()) as T };
}

export interface ModelItem {
  id: string;
  provider: string;
  name: string;
  input_price: number | null;
  output_price: number | null;
  cache_read_price: number | null;
  cache_write_price: number | null;
  context: number | null;
  max_output: number | null;
  served_by: string[];
}

export interface ModelList {
  data: ModelItem[];
  registry: { source: string; loaded_at: string | null; models: number; loaded: boolean };
}
