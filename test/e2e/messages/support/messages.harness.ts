import Anthropic from '@anthropic-ai/sdk';
import { startMockUpstream, type MockKind, type MockUpstream } from '../../../support/mock-upstreams/index.js';
import type { TestApp } from '../../../support/test-app.js';
import type { DbTarget } from '../../../support/test-database.js';
import { startTestApp } from '../../../support/test-app.js';
import { FAST, adminToken, createClient, type TestClient } from '../../gateway/support/gateway.harness.js';

export interface Kind {
  name: string;
  kind: 'openai' | 'anthropic' | 'gemini' | 'ollama';
  mock: MockKind;
  model: string;
}

export const CLAUDE = 'claude-sonnet-4-5';
/** Anthropic's list prices for Sonnet 4.5, cache reads and writes apart (USD per 1M tokens). */
export const CLAUDE_PRICE = { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 };

export const KINDS: Kind[] = [
  { name: 'ant', kind: 'anthropic', mock: 'anthropic', model: CLAUDE },
  { name: 'oa', kind: 'openai', mock: 'openai', model: 'gpt-4o' },
  { name: 'gem', kind: 'gemini', mock: 'gemini', model: 'gemini-2.5-flash' },
  { name: 'oll', kind: 'ollama', mock: 'ollama', model: 'qwen3-vl:8b' },
];

export interface MessagesWorld {
  t: TestApp;
  token: string;
  client: TestClient;
  mocks: Map<string, MockUpstream>;
  /** The official Anthropic SDK pointed at the gateway with the client key (x-api-key). */
  sdk: Anthropic;
  close(): Promise<void>;
}

export function anthropicSdk(t: TestApp, key: string, options: { bearer?: boolean; headers?: Record<string, string>; fetch?: typeof fetch } = {}): Anthropic {
  return new Anthropic({
    baseURL: t.url,
    ...(options.bearer ? { authToken: key, apiKey: null } : { apiKey: key }),
    maxRetries: 0,
    timeout: 15_000,
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** Mock upstreams of every kind, the gateway routing one model to each, and a client with credit. */
export async function startMessagesWorld(db: DbTarget, extra: { credit?: number; env?: Record<string, string>; breaker?: { consecutive_failures: number; half_open_after_seconds: number } } = {}): Promise<MessagesWorld> {
  const mocks = new Map<string, MockUpstream>();
  for (const k of KINDS) mocks.set(k.name, await startMockUpstream(k.mock, k.kind === 'ollama' ? {} : { apiKey: `secret-${k.name}-key-123456` }));
  const config = {
    providers: KINDS.map((k) => ({
      name: k.name,
      kind: k.kind,
      base_url: mocks.get(k.name)!.baseUrl,
      ...(k.kind === 'ollama' ? {} : { api_key: `secret-${k.name}-key-123456` }),
      ...FAST,
      ...(extra.breaker ? { breaker: extra.breaker } : {}),
      pricing: { [k.model]: k.kind === 'anthropic' ? CLAUDE_PRICE : { input: 1, output: 2 } },
    })),
    routing: KINDS.map((k) => ({ match: k.model, provider: k.name })),
  };
  const t = await startTestApp({ db, yaml: JSON.stringify(config), ...(extra.env ? { env: extra.env } : {}) });
  const token = await adminToken(t);
  const client = await createClient(t, token, { name: `messages-${db}-${Date.now()}`, credit_usd: extra.credit ?? 100 });
  return {
    t,
    token,
    client,
    mocks,
    sdk: anthropicSdk(t, client.key),
    async close() {
      await t.close();
      for (const m of mocks.values()) await m.close();
    },
  };
}

/** Every frame's event name and parsed data of a Messages SSE body. */
export function sseEvents(text: string): Array<{ event: string | undefined; data: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return text
    .split('\n\n')
    .filter((f) => f.trim() !== '')
    .map((f) => {
      const lines = f.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) };
    });
}
