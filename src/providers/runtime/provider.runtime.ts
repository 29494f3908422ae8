import { Pool } from 'undici';
import { getAdapter, getPreset, type OpenAICompatiblePreset, type ProviderAdapter, type WireRequest } from '../adapters/index.js';
import type { ProviderDefinition } from './provider.definition.js';
import { ProviderPolicy, type PolicyHooks } from '../resilience/provider.policy.js';
import { ProviderKey } from '../targets/provider-key.js';

/** Upstream connections per provider (keep-alive, one request per connection at a time): long streams each hold one. */
const POOL_CONNECTIONS = 1024;

/** The base URL a definition serves from, validated: http(s) only, no credentials, query or fragment. */
export function resolveBaseUrl(def: ProviderDefinition, adapter: ProviderAdapter, preset: OpenAICompatiblePreset | undefined): URL {
  const raw = def.base_url ?? preset?.baseUrl ?? adapter.defaultBaseUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`provider '${def.name}': base_url is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`provider '${def.name}': base_url must be an http(s) URL`);
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(`provider '${def.name}': base_url must not carry credentials, a query or a fragment`);
  }
  return url;
}

/**
 * The path every request goes under, from the base URL's path and the adapter's version path: a vendor base URL
 * written without its version path (`https://api.anthropic.com`) gets it (`/v1`); one written with it is kept; a
 * custom path (a proxy's) is kept as given. No trailing slash.
 */
export function effectiveBasePath(pathname: string, adapter: Pick<ProviderAdapter, 'versionPath' | 'pathsIncludeVersion'>): string {
  const path = pathname.replace(/\/+$/, '');
  if (!adapter.versionPath) return path;
  const version = `/${adapter.versionPath}`;
  if (adapter.pathsIncludeVersion) return path.endsWith(version) ? path.slice(0, -version.length) : path;
  return path === '' ? version : path;
}

/**
 * One provider, ready to serve: its adapter (and preset), a keep-alive undici Pool to its origin created once,
 * and its resilience policy. Replaced as a whole when the definition changes.
 */
export class ProviderRuntime {
  readonly adapter: ProviderAdapter;
  readonly preset: OpenAICompatiblePreset | undefined;
  readonly baseUrl: URL;
  readonly pool: Pool;
  readonly policy: ProviderPolicy;
  /** The provider's keys (`api_keys`, else its one `api_key`, else one keyless entry), in configured order. */
  readonly keys: readonly ProviderKey[];
  /** The runtime itself; a view made by `withKey` shares everything with it but the key it sends. */
  readonly root: ProviderRuntime = this;
  /** The key this view sends (see withKey); null: the definition's `api_key`. */
  readonly selectedKey: ProviderKey | null = null;
  private readonly basePath: string;

  constructor(readonly def: ProviderDefinition, hooks: PolicyHooks) {
    this.adapter = getAdapter(def.kind);
    this.preset = def.kind === 'openai-compatible' && def.preset ? getPreset(def.preset) : undefined;
    if (def.kind === 'openai-compatible' && def.preset && !this.preset) throw new Error(`provider '${def.name}': unknown preset '${def.preset}'`);
    this.baseUrl = resolveBaseUrl(def, this.adapter, this.preset);
    this.basePath = effectiveBasePath(this.baseUrl.pathname, this.adapter);
    this.policy = new ProviderPolicy(def.name, def, hooks);
    this.keys = def.api_keys?.length
      ? def.api_keys.map((k, i) => new ProviderKey(def.name, `key${i + 1}`, k.key, k))
      : [new ProviderKey(def.name, 'key1', def.api_key)];
    this.pool = new Pool(this.baseUrl.origin, {
      connections: POOL_CONNECTIONS,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: { timeout: Math.min(10_000, Math.max(1_000, def.timeout_seconds * 1000)) },
    });
  }

  get name(): string {
    return this.def.name;
  }

  /** Request path on the origin: base path + the adapter's relative path + query. */
  pathFor(wire: Pick<WireRequest, 'path' | 'query'>): string {
    const rel = wire.path.replace(/^\/+/, '');
    const query = wire.query && Object.keys(wire.query).length ? `?${new URLSearchParams(wire.query).toString()}` : '';
    return `${this.basePath}/${rel}${query}`;
  }

  headersFor(wire: Pick<WireRequest, 'headers' | 'passHeaders'>): Record<string, string> {
    const headers = { ...wire.headers, ...this.adapter.authHeaders(this.selectedKey ? this.selectedKey.secret : (this.keys[0]?.secret ?? this.def.api_key)) };
    return wire.passHeaders ? { ...headers, ...wire.passHeaders } : headers;
  }

  /** This runtime sending `key`: same pool, policy and adapter (the view delegates to the runtime for everything else). */
  withKey(key: ProviderKey): ProviderRuntime {
    if (this.root.keys.length === 1 && key === this.root.keys[0]) return this.root;
    const view = Object.create(this.root) as { selectedKey: ProviderKey | null };
    view.selectedKey = key;
    return view as unknown as ProviderRuntime;
  }

  /** Strings that must never leave the gateway (every key). */
  get secrets(): string[] {
    const out = this.keys.map((k) => k.secret).filter((k): k is string => Boolean(k));
    if (this.def.api_key && !out.includes(this.def.api_key)) out.push(this.def.api_key);
    return out;
  }

  /** Let in-flight requests finish (up to graceMs), then tear the pool down. */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
      timer.unref();
    });
    const result = await Promise.race([this.pool.close().then(() => 'closed' as const, () => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (result === 'timeout') await this.pool.destroy().catch(() => undefined);
  }
}
