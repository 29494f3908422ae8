#!/usr/bin/env node
// Regenerate the bundled model catalog (src/registry/data/models-dev.snapshot.json) from a models.dev api.json file.
//
//   curl -fsSL https://models.dev/api.json -o /tmp/api.json
//   node scripts/registry/build-snapshot.mjs /tmp/api.json [--out src/registry/data/models-dev.snapshot.json] [--providers openai,anthropic,…]
//
// The document is kept as models.dev publishes it (every provider and model field, values untouched); only the
// providers the gateway supports are kept. The first committed snapshot was made from
// ../shared/fixtures/models-dev/api.json (a real-format subset of models.dev @f3fc692); run this online for the full catalog.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Keep in step with SUPPORTED_CATALOG_PROVIDERS in src/registry/catalog-providers.ts (a unit test checks it). */
export const SUPPORTED_PROVIDERS = ['openai', 'anthropic', 'google', 'deepseek', 'xai', 'mistral', 'groq', 'openrouter', 'togetherai', 'lmstudio'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_OUT = join(root, 'src', 'registry', 'data', 'models-dev.snapshot.json');

/** Pure: the trimmed document (providers in the order of `providers`, each one's content exactly as given). */
export function trimDocument(doc, providers = SUPPORTED_PROVIDERS) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a models.dev document: the top level must be an object keyed by provider id');
  const out = {};
  for (const id of providers) {
    const entry = doc[id];
    if (entry && typeof entry === 'object' && entry.models && typeof entry.models === 'object' && !Array.isArray(entry.models)) out[id] = entry;
  }
  const count = Object.values(out).reduce((n, p) => n + Object.keys(p.models).length, 0);
  if (count === 0) throw new Error(`no models found for providers ${providers.join(', ')}`);
  return out;
}

function parseArgs(argv) {
  const args = { input: undefined, out: DEFAULT_OUT, providers: SUPPORTED_PROVIDERS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = resolve(argv[++i] ?? '');
    else if (a === '--providers') args.providers = (argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    else if (!args.input) args.input = resolve(a);
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.input) throw new Error('usage: build-snapshot.mjs <api.json> [--out file] [--providers a,b,c]');
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const doc = JSON.parse(readFileSync(args.input, 'utf8'));
  const trimmed = trimDocument(doc, args.providers);
  const tmp = `${args.out}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(trimmed, null, 2)}\n`);
  renameSync(tmp, args.out);
  const summary = Object.entries(trimmed).map(([id, p]) => `${id}: ${Object.keys(p.models).length}`).join(', ');
  process.stdout.write(`wrote ${args.out} (${summary})\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`build-snapshot: ${err.message}\n`);
    process.exit(1);
  }
}
