// Lint: typescript-eslint's recommended rules, no console in src/, and the module import rules from the design.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noProviders = { group: ['**/providers/**', '**/providers/index.js'], message: 'billing and logging never import providers (design: import rules).' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/**', 'coverage/**', 'bench/results/**', 'test/support/shims/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Only src/config reads process.env.' }],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  { files: ['src/config/**/*.ts', 'test/**/*.ts', 'scripts/**', 'bench/**', '*.mjs'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['src/providers/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./\\.\\./\\.\\./', message: 'Adapters import nothing but adapters/core.' }, { group: ['@nestjs/*', 'undici', 'typeorm', 'node:fs', 'node:net', 'node:http'], message: 'Adapters are pure: no Nest, no I/O.' }] }],
    },
  },
  { files: ['src/billing/**/*.ts', 'src/logging/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [noProviders] }] } },
);
