import type { Usage } from '../common/index.js';
import type { NormalizedUsage } from './adapters/index.js';
export { ProvidersModule } from './providers.module.js';
export { ProviderRegistry } from './runtime/provider.registry.js';
export { GatewayMetrics } from './metrics/gateway.metrics.js';
export { definitionFromConfig, type ProviderDefinition, type ProviderSummary, type ProviderKind, type ProviderSource, type BreakerStateName, type ProviderPriceConfig } from './runtime/provider.definition.js';
export type { ProviderRuntime } from './runtime/provider.runtime.js';
export { redactSecrets } from './transport/secret.redactor.js';
export { ClientAbortSignal, type AbortLike } from './transport/client-abort.js';
export { adapterFailure, deleteUpstream, exchangeJson } from './transport/upstream.exchange.js';
export { UpstreamStream, type EventMapper } from './transport/upstream.stream.js';
export { CircuitOpenError } from './resilience/provider.policy.js';
export { ClientGoneError, UpstreamFailure, clientErrorFor } from './resilience/upstream.failure.js';
export * from './adapters/index.js';
export { CooldownBoard, DEFAULT_COOLDOWN_MS, type CooldownMessage, type CooldownReason, type CooldownTransport, type CooldownEntry } from './targets/cooldown.board.js';
export { TargetStats, type TargetSnapshot } from './targets/target.stats.js';
export { ProviderKey } from './targets/provider-key.js';

/**
 * The adapters may import nothing outside their core, so they declare normalized usage themselves (`NormalizedUsage`);
 * everything outside them uses common's `Usage`. The two must stay one type: a difference is a type error here.
 */
export type UsageIsOneType = MustHold<SameType<Usage, NormalizedUsage>>;
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type MustHold<T extends true> = T;
