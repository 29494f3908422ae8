import { Logger } from '@nestjs/common';
import { ApiError, EventBus, MetricsRegistry, type LiveEvent, type Price, type Usage } from '../../../../src/common/index.js';
import { AppConfig } from '../../../../src/config/index.js';
import { ChatService } from '../../../../src/gateway/chat/chat.service.js';
import { EmbeddingsService } from '../../../../src/gateway/embeddings/embeddings.service.js';
import type { ClientChannel, SseSink } from '../../../../src/gateway/pipeline/client.channel.js';
import type {
  Admission,
  BillingPort,
  CatalogModel,
  CatalogPort,
  IdempotencyBegin,
  IdempotencyPort,
  LimiterPort,
  Principal,
  RequestLogEntry,
  RequestLogPort,
  RoutingPort,
} from '../../../../src/gateway/pipeline/gateway.ports.js';
import { ExchangeDesk, type ExchangeInit } from '../../../../src/gateway/pipeline/exchange.js';
import { GatewayMetrics } from '../../../../src/providers/metrics/gateway.metrics.js';
import { ModelsService } from '../../../../src/gateway/models/models.service.js';
import { ProviderRegistry } from '../../../../src/providers/runtime/provider.registry.js';
import { GatewayRouter } from '../../../../src/gateway/planning/gateway.router.js';
import type { RouteResolution } from '../../../../src/registry/index.js';

/** Everything the fakes saw, in order (to assert e.g. that settlement precedes the final stream frame). */
export type Journal = string[];

export const PRINCIPAL: Principal = { keyId: 'key_1', clientId: 'client_1', clientName: 'acme', allowedModels: null, rpm: null, tpm: null };

/** Billing by the pinned interface: cost = tokens × price per 1M × 10^4 (money units of 1e-10 USD), one charge per request id. */
export class FakeBilling implements BillingPort {
  readonly admitted: Array<Parameters<BillingPort['admit']>[0]> = [];
  readonly settled: Array<{ admission: Admission; usage: Usage; estimated: boolean; provider: string | null | undefined }> = [];
  readonly released: Admission[] = [];
  readonly delivered: Admission[] = [];
  balanceE10 = 100_000_000_000n;
  constructor(private readonly journal: Journal) {}

  async admit(input: Parameters<BillingPort['admit']>[0]): Promise<Admission> {
    this.journal.push('admit');
    this.admitted.push(input);
    const reserved = input.price ? BigInt(Math.ceil((input.promptTokens * input.price.input + input.maxOutputTokens * input.price.output) * 10_000)) : 0n;
    if (reserved > this.balanceE10) throw ApiError.insufficientQuota();
    return { requestId: input.requestId, clientId: input.clientId, reservedE10: reserved, price: input.price };
  }
  markDelivered(admission: Admission): void {
    this.journal.push('delivered');
    this.delivered.push(admission);
  }
  async settle(admission: Admission, usage: Usage, options: { estimated?: boolean; provider?: string | null } = {}): Promise<{ costE10: bigint; balanceE10: bigint }> {
    this.journal.push('settle');
    this.settled.push({ admission, usage, estimated: Boolean(options.estimated), provider: options.provider });
    const p = admission.price;
    const cost = p ? BigInt(Math.round((usage.input * p.input + usage.output * p.output + usage.cacheRead * (p.cacheRead ?? p.input) + usage.cacheWrite * (p.cacheWrite ?? p.input)) * 10_000)) : 0n;
    this.balanceE10 -= cost;
    return { costE10: cost, balanceE10: this.balanceE10 };
  }
  async release(admission: Admission): Promise<void> {
    this.journal.push('release');
    this.released.push(admission);
  }
}

export class FakeLimiter implements LimiterPort {
  readonly admitted: number[] = [];
  readonly adjusted: Array<[number, number]> = [];
  isModelAllowed(p: Principal, model: string): boolean {
    return p.allowedModels === null || p.allowedModels.includes(model);
  }
  assertModelAllowed(p: Principal, model: string): void {
    if (!this.isModelAllowed(p, model)) throw ApiError.modelNotAllowed(model);
  }
  admit(_p: Principal, estimatedTokens: number): void {
    this.admitted.push(estimatedTokens);
  }
  adjustTokens(_p: Principal, estimated: number, actual: number): void {
    this.adjusted.push([estimated, actual]);
  }
}

export class FakeIdempotency implements IdempotencyPort {
  readonly stored = new Map<string, { status: number; body: string; contentType: string } | 'running'>();
  readonly abandoned: string[] = [];
  constructor(private readonly journal?: Journal) {}
  async begin(clientId: string, key: string): Promise<IdempotencyBegin> {
    const hit = this.stored.get(`${clientId}/${key}`);
    if (hit === 'running') return { kind: 'in_progress' };
    if (hit) return { kind: 'replay', ...hit };
    this.stored.set(`${clientId}/${key}`, 'running');
    return { kind: 'new' };
  }
  async complete(clientId: string, key: string, status: number, body: string, contentType: string): Promise<void> {
    this.journal?.push('idempotency-complete');
    this.stored.set(`${clientId}/${key}`, { status, body, contentType });
  }
  async abandon(clientId: string, key: string): Promise<void> {
    this.journal?.push('idempotency-abandon');
    this.stored.delete(`${clientId}/${key}`);
    this.abandoned.push(key);
  }
}

export class FakeRequestLog implements RequestLogPort {
  readonly entries: RequestLogEntry[] = [];
  write(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }
}

/** Routing table: exact model → provider (+ fallbacks); `provider/model` when the prefix is known. */
export class FakeRouting implements RoutingPort {
  constructor(private readonly table: Record<string, { provider: string; fallbacks?: string[]; upstreamModel?: string }>) {}
  resolve(model: string, known: ReadonlySet<string>): RouteResolution | null {
    const slash = model.indexOf('/');
    const one = (provider: string, upstreamModel: string, fallbacks: string[]): RouteResolution => ({ provider, upstreamModel, fallbacks });
    if (slash > 0 && known.has(model.slice(0, slash))) return one(model.slice(0, slash), model.slice(slash + 1), []);
    const route = this.table[model];
    return route ? one(route.provider, route.upstreamModel ?? model, route.fallbacks ?? []) : null;
  }
  canonical(model: string): string {
    return model;
  }
  aliasesOf(): readonly string[] {
    return [];
  }
}

export class FakeCatalog implements CatalogPort {
  constructor(readonly models: CatalogModel[] = []) {}
  info(): { source: string; loadedAt: number; models: number } {
    return { source: 'bundled', loadedAt: 1, models: this.models.length };
  }
  lookup(provider: string | null, id: string): CatalogModel | null {
    return this.models.find((m) => m.id === id && (provider === null || m.provider === provider)) ?? this.models.find((m) => m.id === id) ?? null;
  }
  list(): CatalogModel[] {
    return this.models;
  }
}

export function catalogModel(provider: string, id: string, price: Price | null, maxOutput: number | null = 8192): CatalogModel {
  return { provider, id, name: id, price, contextWindow: 128_000, maxOutput, toolCall: true, attachment: true, reasoning: false };
}

/** A fake SSE sink recording frames (parsed) and the terminal action into the journal. */
export class FakeSink implements SseSink {
  readonly frames: unknown[] = [];
  terminal: 'done' | 'fail' | 'end' | null = null;
  failure: unknown = null;
  private text = '';
  constructor(private readonly journal: Journal) {}
  get isOpen(): boolean {
    return this.frames.length > 0 || this.terminal !== null;
  }
  get isClosed(): boolean {
    return this.terminal !== null;
  }
  write(payload: unknown): boolean {
    this.journal.push((payload as { choices?: unknown[] }).choices?.length === 0 ? 'usage-frame' : 'frame');
    this.frames.push(JSON.parse(JSON.stringify(payload)));
    this.text += `data: ${JSON.stringify(payload)}\n\n`;
    return true;
  }
  async drained(): Promise<void> {}
  done(): void {
    this.journal.push('done');
    this.terminal = 'done';
    this.text += 'data: [DONE]\n\n';
  }
  fail(envelope: { error: Record<string, unknown> }): void {
    this.journal.push('fail');
    this.terminal = 'fail';
    this.failure = envelope;
  }
  end(): void {
    this.terminal = 'end';
  }
  transcript(withDone = false): string {
    return withDone && this.terminal === null ? `${this.text}data: [DONE]\n\n` : this.text;
  }
}

export class FakeChannel implements ClientChannel {
  readonly controller = new AbortController();
  sent: { status: number; body: string; contentType: string | undefined; headers: Record<string, string> | undefined } | null = null;
  sink: FakeSink | null = null;
  constructor(private readonly journal: Journal) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  send(status: number, body: string, contentType?: string, headers?: Record<string, string>): void {
    this.journal.push(`send:${status}`);
    this.sent = { status, body, contentType, headers };
  }
  sse(): SseSink {
    this.sink = new FakeSink(this.journal);
    return this.sink;
  }
  json(): any { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!this.sent) throw new Error('nothing was sent');
    return JSON.parse(this.sent.body);
  }
}

export interface HarnessOptions {
  yaml: { billing?: Partial<AppConfig['billing']>; providers: Array<Record<string, unknown>> };
  routes: ConstructorParameters<typeof FakeRouting>[0];
  catalog?: CatalogModel[];
}

Logger.overrideLogger(false);

/** The gateway's services wired by hand with fakes around them (no Nest, real HTTP to mock upstreams). */
export function buildGateway(options: HarnessOptions) {
  const journal: Journal = [];
  const config = new AppConfig();
  config.runtime.drain_seconds = 1;
  if (options.yaml.billing) Object.assign(config.billing, options.yaml.billing);
  const defaults: Record<string, unknown> = {
    timeout_seconds: 5,
    stream_idle_seconds: 5,
    retry: { attempts: 1, backoff_ms: [1] },
    breaker: { consecutive_failures: 3, half_open_after_seconds: 30 },
    enabled: true,
  };
  config.providers = options.yaml.providers.map((p) => ({ ...defaults, ...p })) as unknown as AppConfig['providers'];
  const events: LiveEvent[] = [];
  const bus = new EventBus();
  bus.subscribe((e) => events.push(e));
  const metricsRegistry = new MetricsRegistry();
  const metrics = new GatewayMetrics(metricsRegistry);
  const registry = new ProviderRegistry(config, bus, metrics);
  const billing = new FakeBilling(journal);
  const limiter = new FakeLimiter();
  const idempotency = new FakeIdempotency(journal);
  const log = new FakeRequestLog();
  const routing = new FakeRouting(options.routes);
  const catalog = new FakeCatalog(options.catalog ?? []);
  const catalogProviderFor = (kind: string, name: string): string | null => (kind === 'ollama' ? null : kind === 'gemini' ? 'google' : kind === 'openai-compatible' ? name : kind);
  const router = new GatewayRouter(registry, config, routing, catalog, catalogProviderFor);
  const desk = new ExchangeDesk(config, metrics, router, billing, limiter, idempotency, log);
  const chat = new ChatService(config, desk);
  const embeddings = new EmbeddingsService(config, desk);
  const models = new ModelsService(registry, router, catalog, catalogProviderFor, limiter);
  let seq = 0;
  /** What a controller would open the request's exchange with. */
  const trace = (principal: Principal = PRINCIPAL, idempotencyKey?: string): ExchangeInit => ({ requestId: `req_test_${++seq}`, principal, ...(idempotencyKey ? { idempotencyKey } : {}) });
  return {
    journal, config, events, bus, metricsRegistry, metrics, registry, billing, limiter, idempotency, log, routing, catalog, router, desk, chat, embeddings, models, trace,
    channel: () => new FakeChannel(journal),
    close: () => registry.onApplicationShutdown(),
  };
}

export type Gateway = ReturnType<typeof buildGateway>;
