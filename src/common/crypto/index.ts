export * from './hash.js';
export * from './secret-box.js';
export * from './password.js';
