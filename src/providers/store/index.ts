export { ProviderStoreModule } from './provider-store.module.js';
export { ProviderStore, type StoredProvider, type NewStoredProvider, type StoredProviderPatch } from './provider-store.service.js';
export { ProviderRecord } from './provider-record.entity.js';
export { defaultSettings, type ProviderSettings, type ProviderPrice } from './provider-settings.js';
export { maskedSecret, scrubSecret, last4Of, MASK } from './secret-mask.js';
