export * from './config.schema.js';
export { PROVIDER_KINDS, isProviderKind, type ProviderKind } from './provider-kinds.js';
export { loadConfig, ConfigError } from './config.loader.js';
export { ConfigModule } from './config.module.js';
export { ENV_PROVIDERS } from './config.env.js';
export { fastifyTrustProxy, type TrustProxy } from './trust-proxy.js';
export { OtelConfig, otlpTracesUrl, type OtlpProtocol, type TraceSampler } from './otel.config.js';
export { ALERT_EVENT_TYPES, AlertsConfig, AlertWebhookConfig, type AlertEventType } from './alerts.config.js';
