import type { Price, PriceTier } from '../common/index.js';
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

/** models.dev's `context_over_200k`: the long-context rates above 200,000 prompt tokens. */
const CONTEXT_OVER_200K = 200_000;

/** The rates of one cost object (`input` and `output` required, cache prices optional); undefined when invalid. */
function ratesFrom(cost: Record<string, unknown>): { input: number; output: number; cacheRead?: number; cacheWrite?: number } | undefined {
  const input = nonNegative(cost.input);
  const output = nonNegative(cost.output);
  if (input === undefined || output === undefined) return undefined;
  const rates: { input: number; output: number; cacheRead?: number; cacheWrite?: number } = { input, output };
  const cacheRead = nonNegative(cost.cache_read);
  const cacheWrite = nonNegative(cost.cache_write);
  if (cacheRead !== undefined) rates.cacheRead = cacheRead;
  if (cacheWrite !== undefined) rates.cacheWrite = cacheWrite;
  return rates;
}

/**
 * Long-context tiers: `tiers: [{tier: {type: "context", size}, input, output, cache_read?, cache_write?}]`, or else the
 * older `context_over_200k: {input, output, …}` (size 200,000). A tier applies when the prompt exceeds its size.
 * An invalid tier is dropped with a problem noted (the base price still applies below it).
 */
function tiersFrom(cost: Record<string, unknown>, problems: string[]): PriceTier[] {
  const tiers = new Map<number, PriceTier>();
  if (Array.isArray(cost.tiers)) {
    for (const raw of cost.tiers) {
      const spec = isRecord(raw) && isRecord(raw.tier) ? raw.tier : null;
      const size = spec && spec.type === 'context' ? positiveInt(spec.size) : null;
      const rates = isRecord(raw) ? ratesFrom(raw) : undefined;
      if (size === null || !rates) {
        problems.push('a cost tier is not a context tier with a size, input and output (ignored)');
        continue;
      }
      if (!tiers.has(size)) tiers.set(size, { above: size, ...rates });
    }
  } else if (cost.tiers !== undefined) {
    problems.push('cost.tiers is not a list (ignored)');
  }
  if (tiers.size === 0 && cost.context_over_200k !== undefined) {
    const rates = isRecord(cost.context_over_200k) ? ratesFrom(cost.context_over_200k) : undefined;
    if (rates) tiers.set(CONTEXT_OVER_200K, { above: CONTEXT_OVER_200K, ...rates });
    else problems.push('cost.context_over_200k is invalid (ignored)');
  }
  return [...tiers.values()].sort((a, b) => a.above - b.above);
}

/**
 * models.dev `cost` (USD per 1M tokens) → Price. Missing cost: unknown (null), never free; an explicit zero input and
 * output price is free (a Price of 0). A cost without valid input and output prices is unknown too. Long-context
 * tiers (`tiers`, `context_over_200k`) become `price.tiers`.
 */
export function priceFromCost(cost: unknown): { price: Price | null; problem?: string } {
  if (cost === undefined || cost === null) return { price: null };
  if (!isRecord(cost)) return { price: null, problem: 'cost is not an object' };
  const rates = ratesFrom(cost);
  if (!rates) return { price: null, problem: 'cost.input/cost.output missing or invalid' };
  const problems: string[] = [];
  const tiers = tiersFrom(cost, problems);
  const price: Price = tiers.length > 0 ? { ...rates, tiers } : rates;
  return problems.length > 0 ? { price, problem: problems.join('; ') } : { price };
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
  if (problem) warnings.push(`${where}: ${problem}${price ? '' : ' (price unknown)'}`);
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
