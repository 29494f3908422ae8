export * from './hash.js';
export * from './secret-box.js';
export { SecretKeyProvider } from './secret-key.provider.js';
export * from './password.js';
