import { readFileSync } from 'node:fs';
import { costE10, reservationFor } from '../../../src/billing/index.js';
import type { Price, Usage } from '../../../src/common/index.js';
import { ratesAt } from '../../../src/common/index.js';
import { parseCatalogDocument, priceFromCost } from '../../../src/registry/index.js';

const usage = (u: Partial<Usage>): Usage => ({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, ...u });
// the models.dev catalog of 2026-07-02 (a copy of ../shared/data/models-dev-api.json)
const CATALOG = JSON.parse(readFileSync(new URL('../../fixtures/registry/models-dev-api.json', import.meta.url), 'utf8')) as unknown;

function catalogPrice(provider: string, id: string): Price | null {
  const parsed = parseCatalogDocument(CATALOG);
  if (!parsed.ok) throw new Error(parsed.error);
  const model = parsed.models.find((m) => m.provider === provider && m.id === id);
  if (!model) throw new Error(`${provider}/${id} not in the catalog`);
  return model.price;
}

describe('long-context tiers in the catalog', () => {
  it('reads `tiers` (Gemini 2.5 Pro above 200k, GPT-5.4 above 272k) with every rate the tier lists', () => {
    expect(catalogPrice('google', 'gemini-2.5-pro')).toEqual({ input: 1.25, output: 10, cacheRead: 0.125, tiers: [{ above: 200_000, input: 2.5, output: 15, cacheRead: 0.25 }] });
    expect(catalogPrice('openai', 'gpt-5.4')?.tiers).toEqual([{ above: 272_000, input: 5, output: 22.5, cacheRead: 0.5 }]);
    expect(catalogPrice('xai', 'grok-4.3')?.tiers).toEqual([{ above: 200_000, input: 2.5, output: 5, cacheRead: 0.4 }]);
    expect(catalogPrice('anthropic', 'claude-sonnet-4-5')?.tiers).toBeUndefined();
  });

  it('falls back to `context_over_200k` when there is no `tiers` list', () => {
    expect(priceFromCost({ input: 1, output: 2, context_over_200k: { input: 2, output: 4, cache_read: 0.5 } }).price).toEqual({
      input: 1, output: 2, tiers: [{ above: 200_000, input: 2, output: 4, cacheRead: 0.5 }],
    });
  });

  it('drops an invalid tier with a note and keeps the base price', () => {
    const { price, problem } = priceFromCost({ input: 1, output: 2, tiers: [{ tier: { type: 'tokens', size: 5 }, input: 9, output: 9 }, { tier: { type: 'context', size: 1000 }, input: 3 }] });
    expect(price).toEqual({ input: 1, output: 2 });
    expect(problem).toMatch(/tier/);
  });

  it('tells free (explicit zero) from unknown (no cost)', () => {
    expect(priceFromCost({ input: 0, output: 0 }).price).toEqual({ input: 0, output: 0 });
    expect(priceFromCost(undefined).price).toBeNull();
    expect(catalogPrice('openrouter', 'qwen/qwen3-coder:free')).toEqual({ input: 0, output: 0 });
    expect(catalogPrice('openai', 'gpt-image-1')).toBeNull();
    const free = catalogPrice('lmstudio', 'qwen/qwen3-coder-30b') as Price;
    expect(costE10(usage({ input: 5000, output: 5000 }), free)).toBe(0n);
    expect(reservationFor(free, 5000, 5000)).toEqual({ reserveE10: 0n, estimateE10: 0n });
  });
});

describe('charging and reserving a tiered price', () => {
  const PRO = catalogPrice('google', 'gemini-2.5-pro') as Price;

  it('charges the base rates up to 200k prompt tokens and the tier rates, for every token, above', () => {
    // 200,000 × 1.25 + 1,000 × 10 = 260,000 µ$ = $0.26
    expect(costE10(usage({ input: 200_000, output: 1000 }), PRO)).toBe(2_600_000_000n);
    // 200,001 × 2.5 + 1,000 × 15 = 515,002.5 µ$ = $0.5150025, exactly
    expect(costE10(usage({ input: 200_001, output: 1000 }), PRO)).toBe(5_150_025_000n);
  });

  it('counts cached prompt tokens toward the tier, as the provider does', () => {
    // 150,000 + 60,000 cached = 210,000 > 200k: 150,000 × 2.5 + 60,000 × 0.25 + 100 × 15 = 391,500 µ$
    expect(costE10(usage({ input: 150_000, cacheRead: 60_000, output: 100 }), PRO)).toBe(3_915_000_000n);
    expect(ratesAt(PRO, 210_000)).toEqual({ input: 2.5, output: 15, cacheRead: 0.25 });
  });

  it('reserves at the dearest tier the worst-case prompt could reach', () => {
    // 150,000 estimated → worst 187,756 tokens: stays in the base tier: 187,756 × 1.25 + 1,000 × 10 = 244,695 µ$
    expect(reservationFor(PRO, 150_000, 1000).reserveE10).toBe(2_446_950_000n);
    // 160,000 estimated → worst 200,256 > 200k: the tier: 200,256 × 2.5 + 1,000 × 15 = 515,640 µ$
    expect(reservationFor(PRO, 160_000, 1000).reserveE10).toBe(5_156_400_000n);
    // the crash estimate uses the rates of the estimated prompt itself (base): 160,000 × 1.25 + 500 × 10 = 205,000 µ$
    expect(reservationFor(PRO, 160_000, 1000).estimateE10).toBe(2_050_000_000n);
  });

  it('an untiered price is unchanged', () => {
    const flat: Price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
    expect(ratesAt(flat, 10_000_000)).toBe(flat);
    expect(costE10(usage({ input: 300_000, output: 10 }), flat)).toBe(9_001_500_000n);
  });
});
