import type { Price, Usage } from '../../common/index.js';

/**
 * What the gateway needs from the auth, billing, logging and registry modules (their pinned interfaces),
 * as structural types plus DI tokens. The module file binds the tokens to the real services; unit tests
 * hand in small fakes. Nothing here imports those modules.
 */

export interface Principal {
  keyId: string;
  clientId: string;
  clientName: string;
  allowedModels: string[] | null;
  rpm: number | null;
  tpm: number | null;
}

export interface LimiterPort {
  isModelAllowed(p: Principal, model: string): boolean;
  assertModelAllowed(p: Principal, model: string): void;
  admit(p: Principal, estimatedTokens: number): void | Promise<void>;
  adjustTokens(p: Principal, estimatedTokens: number, actualTokens: number): void;
}

export interface Admission {
  requestId: string;
  clientId: string;
  reservedMicros: number;
  price: Price | null;
}

export interface BillingPort {
  admit(input: {
    requestId: string;
    clientId: string;
    keyId: string;
    model: string;
    provider: string | null;
    price: Price | null;
    promptTokens: number;
    maxOutputTokens: number;
    idempotencyKey?: string;
  }): Promise<Admission>;
  markDelivered(admission: Admission): void;
  settle(admission: Admission, usage: Usage, options?: { estimated?: boolean; provider?: string | null }): Promise<{ costMicros: number; balanceMicros: number }>;
  release(admission: Admission): Promise<void>;
}

export type IdempotencyBegin = { kind: 'new' } | { kind: 'replay'; status: number; body: string; contentType: string } | { kind: 'in_progress' };

export interface IdempotencyPort {
  begin(clientId: string, key: string, requestId: string): Promise<IdempotencyBegin>;
  complete(clientId: string, key: string, status: number, body: string, contentType: string): Promise<void>;
  abandon(clientId: string, key: string): Promise<void>;
}

export interface RequestLogEntry {
  requestId: string;
  createdAt: number;
  clientId: string | null;
  clientName: string | null;
  keyId: string | null;
  model: string;
  provider: string | null;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  ttfbMs: number | null;
  stream: boolean;
  usage: Usage;
  costMicros: number;
  estimated: boolean;
  requestBody?: string;
  responseBody?: string;
}

export interface RequestLogPort {
  write(entry: RequestLogEntry): void;
}

export interface CatalogModel {
  provider: string;
  id: string;
  name: string;
  price: Price | null;
  contextWindow: number | null;
  maxOutput: number | null;
  toolCall: boolean;
  attachment: boolean;
  reasoning: boolean;
}

export interface CatalogPort {
  info(): { source: string; loadedAt: number; models: number };
  lookup(catalogProvider: string | null, modelId: string): CatalogModel | null;
  list(): CatalogModel[];
}

export interface RoutingPort {
  resolve(model: string, known: ReadonlySet<string>): { provider: string; upstreamModel: string; fallbacks: string[] } | null;
}

export type CatalogProviderFor = (kind: string, name: string, preset?: string) => string | null;

export const LIMITER = Symbol('gateway:ClientLimiter');
export const BILLING = Symbol('gateway:BillingService');
export const IDEMPOTENCY = Symbol('gateway:IdempotencyService');
export const REQUEST_LOG = Symbol('gateway:RequestLogWriter');
export const CATALOG = Symbol('gateway:RegistryService');
export const ROUTING = Symbol('gateway:RoutingService');
export const CATALOG_PROVIDER_FOR = Symbol('gateway:catalogProviderFor');
