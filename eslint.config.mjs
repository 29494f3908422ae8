// Lint: typescript-eslint's recommended rules, no console in src/, and every module import rule of DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** The top-level modules of src/ (DESIGN.md, "Modules"). */
const MODULES = ['alerts', 'auth', 'billing', 'common', 'config', 'dashboard', 'database', 'gateway', 'health', 'logging', 'providers', 'registry', 'scaleout', 'sessions'];

/**
 * No module reaches into another module's files: from a file `depth` folders below src/<module>/, a path that
 * climbs out of the module (depth + 1 `../`) may only name another module's `index.js` (or a sub-module's index).
 */
const intoAnotherModule = (depth) => ({
  regex: `^(\\.\\./){${depth + 1}}(${MODULES.join('|')})/(?!(?:[\\w-]+/)*index\\.js$)`,
  message: "Import another module only through its index.ts (DESIGN.md: no reaching into another module's files).",
});
const moduleBoundary = (depth, extra = []) => ({
  files: [`src/*/${'*/'.repeat(depth)}*.ts`],
  ignores: ['src/**/*.spec.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [intoAnotherModule(depth), ...extra] }] },
});
/** billing and logging never import providers or gateway. */
const notProvidersOrGateway = { regex: '(^|/)(providers|gateway)(/|$)', message: 'billing and logging never import providers or gateway (DESIGN.md import rules).' };
/**
 * Adapters are pure translations: nothing but their own kind's files and adapters/core, no Nest, no I/O. `depth` is
 * how many folders below adapters/<kind>/ the file sits.
 */
const noIo = { group: ['@nestjs/*', 'undici', 'typeorm', 'ioredis', 'pg', 'better-sqlite3', 'node:fs', 'node:net', 'node:http', 'node:https', 'fs', 'net', 'http', 'https'], message: 'Adapters are pure: no Nest, no I/O.' };
const adapterRules = (depth) => [
  { regex: `^(\\.\\./){${depth + 1}}(?!core/)`, message: 'Adapters import nothing but adapters/core (DESIGN.md import rules).' },
  { regex: `^(\\.\\./){${depth + 2}}`, message: 'Adapters import nothing but adapters/core (DESIGN.md import rules).' },
  noIo,
];
/** The dashboard owns no business rule: no SQL, no ledger arithmetic of its own; it reads other modules' services. */
const dashboardRules = [{ group: ['typeorm', 'pg', 'better-sqlite3'], message: 'The dashboard owns no business rule: read other modules\' services instead of the database.' }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test/support/shims/**', 'web/dist/**'] },
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
  // Module boundaries, one block per folder depth (later blocks for a file replace the rule, so each adds its module's own rules).
  ...[0, 1, 2, 3].map((depth) => moduleBoundary(depth)),
  ...[0, 1, 2, 3].map((depth) => ({ ...moduleBoundary(depth, [notProvidersOrGateway]), files: [`src/billing/${'*/'.repeat(depth)}*.ts`, `src/logging/${'*/'.repeat(depth)}*.ts`] })),
  ...[0, 1, 2, 3].map((depth) => ({ ...moduleBoundary(depth, dashboardRules), files: [`src/dashboard/${'*/'.repeat(depth)}*.ts`] })),
  ...[0, 1, 2].map((depth) => ({ files: [`src/providers/adapters/*/${'*/'.repeat(depth)}*.ts`], ignores: ['src/providers/adapters/core/**'], rules: { 'no-restricted-imports': ['error', { patterns: adapterRules(depth) }] } })),
  ...[0, 1, 2].map((depth) => ({ files: [`src/providers/adapters/core/${'*/'.repeat(depth)}*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./){${depth + 1}}`, message: 'adapters/core is pure: it imports nothing outside adapters/core.' }, noIo] }] } })),
  // The dashboard SPA: browser globals, Preact hooks rules.
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error', 'no-restricted-syntax': 'off' },
  },
);
