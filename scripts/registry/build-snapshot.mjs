#!/usr/bin/env node
// Regenerate the bundled model catalog (src/registry/data/models-dev.snapshot.json) from a models.dev api.json file.
//
//   curl -fsSL https://models.dev/api.json -o /tmp/api.json
//   node scripts/registry/build-snapshot.mjs /tmp/api.json [--out src/registry/data/models-dev.snapshot.json] [--providers openai,anthropic,…]
//     [--as-of 2026-07-02] [--origin "models.dev @f3fc692"]
//
// The document is kept as models.dev publishes it (every provider and model field, values untouched); only the
// providers the gateway supports are kept. Next to it, `<out without .json>.meta.json` records what it is and how old:
// `{as_of, origin, models}` (`--as-of` defaults to today: the day a live download is taken; `/api/system` and the README
// report the catalog's age from it). The bundled snapshot is made from test/fixtures/registry/models-dev-api.json, a copy
// of models.dev @f3fc692 (2026-07-02) for the supported providers:
//   node scripts/registry/build-snapshot.mjs test/fixtures/registry/models-dev-api.json --as-of 2026-07-02 --origin "models.dev @f3fc692"
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

/** The sidecar describing a snapshot file: same path, `.meta.json` instead of `.json`. */
export function metaPathFor(out) {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.meta.json` : `${out}.meta.json`;
}

/** Pure: the sidecar's content. */
export function snapshotMeta(trimmed, asOf, origin) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) throw new Error(`--as-of must be a date (YYYY-MM-DD), not ${asOf}`);
  const models = Object.values(trimmed).reduce((n, p) => n + Object.keys(p.models).length, 0);
  return { as_of: asOf, origin, models };
}

function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function parseArgs(argv) {
  const args = { input: undefined, out: DEFAULT_OUT, providers: SUPPORTED_PROVIDERS, asOf: new Date().toISOString().slice(0, 10), origin: 'models.dev' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = resolve(argv[++i] ?? '');
    else if (a === '--providers') args.providers = (argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--as-of') args.asOf = argv[++i] ?? '';
    else if (a === '--origin') args.origin = argv[++i] ?? '';
    else if (!args.input) args.input = resolve(a);
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.input) throw new Error('usage: build-snapshot.mjs <api.json> [--out file] [--providers a,b,c] [--as-of YYYY-MM-DD] [--origin text]');
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const doc = JSON.parse(readFileSync(args.input, 'utf8'));
  const trimmed = trimDocument(doc, args.providers);
  const meta = snapshotMeta(trimmed, args.asOf, args.origin);
  writeAtomic(args.out, `${JSON.stringify(trimmed, null, 2)}\n`);
  writeAtomic(metaPathFor(args.out), `${JSON.stringify(meta, null, 2)}\n`);
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
