import type { ClientPrincipal } from '../../auth/index.js';
import type { Admission, AdmitInput, SettleResult } from '../../billing/index.js';
import type { RequestLogEntry, Usage } from '../../common/index.js';
import type { CatalogModel, RouteResolution } from '../../registry/index.js';

export type { Admission, CatalogModel, RequestLogEntry };
/** Who is calling /v1 (auth's ClientPrincipal). */
export type Principal = ClientPrincipal;

/**
 * What the gateway needs from the auth, billing, logging and registry modules (their pinned interfaces), as
 * interfaces over those modules' own types plus DI tokens. The module file binds the tokens to the real services;
 * unit tests hand in small fakes. Only types are imported here: the gateway never reaches into those modules.
 */

export interface LimiterPort {
  isModelAllowed(p: Principal, model: string): boolean;
  assertModelAllowed(p: Principal, model: string): void;
  admit(p: Principal, estimatedTokens: number): void | Promise<void>;
  adjustTokens(p: Principal, estimatedTokens: number, actualTokens: number): void;
}

export interface BillingPort {
  admit(input: AdmitInput): Promise<Admission>;
  /** Resolves once the admission is durable: await it before the first byte reaches the client. */
  markDelivered(admission: Admission): Promise<void> | void;
  settle(admission: Admission, usage: Usage, options?: { estimated?: boolean; provider?: string | null }): Promise<SettleResult>;
  release(admission: Admission): Promise<void>;
}

export type IdempotencyBegin = { kind: 'new' } | { kind: 'replay'; status: number; body: string; contentType: string } | { kind: 'in_progress' };

export interface IdempotencyPort {
  begin(clientId: string, key: string, requestId: string): Promise<IdempotencyBegin>;
  complete(clientId: string, key: string, status: number, body: string, contentType: string): Promise<void>;
  abandon(clientId: string, key: string): Promise<void>;
}

export interface RequestLogPort {
  write(entry: RequestLogEntry): void;
}

export interface CatalogPort {
  info(): { source: string; loadedAt: number; models: number };
  lookup(catalogProvider: string | null, modelId: string): CatalogModel | null;
  list(): CatalogModel[];
}

export interface RoutingPort {
  resolve(model: string, known: ReadonlySet<string>): RouteResolution | null;
  /** The model an alias stands for (the name itself when it is none). */
  canonical(model: string): string;
  aliasesOf(model: string): readonly string[];
  /** Every alias name (optional: a port without aliases lists none). */
  aliasNames?(): string[];
}

export type CatalogProviderFor = (kind: string, name: string, preset?: string) => string | null;

export const LIMITER = Symbol('gateway:ClientLimiter');
export const BILLING = Symbol('gateway:BillingService');
export const IDEMPOTENCY = Symbol('gateway:IdempotencyService');
export const REQUEST_LOG = Symbol('gateway:RequestLogWriter');
export const CATALOG = Symbol('gateway:RegistryService');
export const ROUTING = Symbol('gateway:RoutingService');
export const CATALOG_PROVIDER_FOR = Symbol('gateway:catalogProviderFor');
