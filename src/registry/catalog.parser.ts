import type { Price } from '../common/index.js';
import type { CatalogModel } from './registry.types.js';

/** A document that parsed: the models kept, and notes about entries that were skipped or left unpriced. */
export interface ParsedCatalog {
  ok: true;
  models: CatalogModel[];
  warnings: string[];
}
export interface RejectedCatalog {
  ok: false;
  error: string;
}
export type CatalogParseResult = ParsedCatalog | RejectedCatalog;

export interface ParseOptions {
  /** Keep only these models.dev provider ids (null: keep every provider of the document). */
  keepProviders?: ReadonlySet<string> | null;
}

const MAX_WARNINGS = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function nonNegative(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * models.dev `cost` (USD per 1M tokens) → Price. Missing cost: unknown (null), never free. A cost without valid input and
 * output prices is unknown too. Context tiers (`tiers`, `context_over_200k`) are not modelled: the base prices apply.
 */
export function priceFromCost(cost: unknown): { price: Price | null; problem?: string } {
  if (cost === undefined || cost === null) return { price: null };
  if (!isRecord(cost)) return { price: null, problem: 'cost is not an object' };
  const input = nonNegative(cost.input);
  const output = nonNegative(cost.output);
  if (input === undefined || output === undefined) return { price: null, problem: 'cost.input/cost.output missing or invalid' };
  const price: Price = { input, output };
  const cacheRead = nonNegative(cost.cache_read);
  const cacheWrite = nonNegative(cost.cache_write);
  if (cacheRead !== undefined) price.cacheRead = cacheRead;
  if (cacheWrite !== undefined) price.cacheWrite = cacheWrite;
  return { price };
}

function parseModel(provider: string, key: string, raw: unknown, warnings: string[]): CatalogModel | null {
  const where = `${provider}/${key}`;
  if (!isRecord(raw)) {
    warnings.push(`${where}: not an object (skipped)`);
    return null;
  }
  const id = typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : key;
  if (id.length === 0 || id.length > 256) {
    warnings.push(`${where}: invalid id (skipped)`);
    return null;
  }
  const { price, problem } = priceFromCost(raw.cost);
  if (problem) warnings.push(`${where}: ${problem} (price unknown)`);
  const limit = isRecord(raw.limit) ? raw.limit : {};
  return {
    provider,
    id,
    name: typeof raw.name === 'string' && raw.name.length > 0 ? raw.name : id,
    price,
    contextWindow: positiveInt(limit.context),
    maxOutput: positiveInt(limit.output),
    toolCall: raw.tool_call === true,
    attachment: raw.attachment === true,
    reasoning: raw.reasoning === true,
  };
}

/**
 * Validate a models.dev document (`{ <provider id>: { …, models: { <model id>: {…} } } }`) and normalize it. Pure.
 * Rejected: anything but an object keyed by provider id, or a document without a single usable model among the kept
 * providers. Tolerated (with a warning): a malformed provider or model entry (skipped), an invalid cost (price unknown).
 */
export function parseCatalogDocument(doc: unknown, options: ParseOptions = {}): CatalogParseResult {
  if (!isRecord(doc)) return { ok: false, error: 'the document must be a JSON object keyed by provider id' };
  const keep = options.keepProviders ?? null;
  const warnings: string[] = [];
  const models: CatalogModel[] = [];
  let providers = 0;
  for (const [providerKey, entry] of Object.entries(doc)) {
    if (keep && !keep.has(providerKey)) continue;
    if (!isRecord(entry) || !isRecord(entry.models)) {
      warnings.push(`${providerKey}: no "models" object (skipped)`);
      continue;
    }
    const provider = providerKey; // models.dev keys providers by their id
    providers += 1;
    for (const [key, raw] of Object.entries(entry.models)) {
      const model = parseModel(provider, key, raw, warnings);
      if (model) models.push(model);
    }
  }
  if (providers === 0) return { ok: false, error: 'the document has no provider with a "models" object' };
  if (models.length === 0) return { ok: false, error: 'the document has no usable model' };
  return { ok: true, models, warnings: warnings.length > MAX_WARNINGS ? [...warnings.slice(0, MAX_WARNINGS), `… ${warnings.length - MAX_WARNINGS} more`] : warnings };
}

/** Parse JSON text, then validate it as above. */
export function parseCatalogText(text: string, options: ParseOptions = {}): CatalogParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
  return parseCatalogDocument(doc, options);
}
