export { ProvidersModule } from './providers.module.js';
export { ProviderRegistry } from './registry/provider.registry.js';
export { GatewayRouter, type Candidate, type RoutePlan } from './routing/gateway.router.js';
export { GatewayMetrics } from './metrics/gateway.metrics.js';
export { definitionFromConfig, type ProviderDefinition, type ProviderSummary, type ProviderKind, type ProviderSource, type BreakerStateName, type ProviderPriceConfig } from './registry/provider.definition.js';
export { redactSecrets } from './transport/secret.redactor.js';
