import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { costE10, nanoPerMillion, reservationFor } from '../../../../src/billing/index.js';
import { moneyToDecimal, type Price, type Usage } from '../../../../src/common/index.js';

const fixtures = join(process.cwd(), 'test', 'fixtures', 'providers');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (provider: string, file: string) => JSON.parse(readFileSync(join(fixtures, provider, file), "utf8")) as Record<string, any>;
const usage = (u: Partial<Usage>): Usage => ({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0, ...u });

// models.dev prices (USD per 1M tokens), from /work/shared/fixtures/models-dev/api.json
const GPT_5_MINI: Price = { input: 0.25, output: 2.0, cacheRead: 0.025 };
const CLAUDE_SONNET_4_5: Price = { input: 3.0, output: 15.0, cacheRead: 0.3, cacheWrite: 3.75 };
const GEMINI_2_5_FLASH: Price = { input: 0.3, output: 2.5, cacheRead: 0.03 };
const DEEPSEEK_CHAT: Price = { input: 0.14, output: 0.28, cacheRead: 0.0028 };

describe('costE10: golden costs per provider usage shape', () => {
  it('OpenAI: cached tokens are inside prompt_tokens, reasoning inside completion_tokens (the README worked example)', () => {
    const raw = json('openai', 'chat_completions_response.json').usage;
    expect(raw).toMatchObject({ prompt_tokens: 1342, completion_tokens: 214, prompt_tokens_details: { cached_tokens: 1152 }, completion_tokens_details: { reasoning_tokens: 192 } });
    // normalized by the adapter: input = 1342 − 1152, output keeps the 192 reasoning tokens (never billed twice)
    const u = usage({ input: 190, cacheRead: 1152, output: 214, reasoning: 192 });
    // (190×0.25 + 1152×0.025 + 214×2.00) / 1e6 = $0.0005043 exactly (micro-dollars rounded it to $0.000504)
    expect(costE10(u, GPT_5_MINI)).toBe(5_043_000n);
  });

  it('Anthropic: cache read and cache write are reported apart from input_tokens', () => {
    const raw = json('anthropic', 'messages_response_end_turn.json').usage;
    expect(raw).toMatchObject({ input_tokens: 524, cache_read_input_tokens: 1536, cache_creation_input_tokens: 0, output_tokens: 31 });
    // 524×3 + 1536×0.3 + 31×15 = 2497.8 µ$ = $0.0024978
    expect(costE10(usage({ input: 524, cacheRead: 1536, output: 31 }), CLAUDE_SONNET_4_5)).toBe(24_978_000n);
    // a cache write is priced at cache_write (3.75), not input: 100×3 + 2000×3.75 + 50×15 = 8550
    expect(costE10(usage({ input: 100, cacheWrite: 2000, output: 50 }), CLAUDE_SONNET_4_5)).toBe(85_500_000n);
  });

  it('Gemini: cachedContentTokenCount is inside promptTokenCount; thoughts are output', () => {
    const raw = json('gemini', 'generate_content_response.json').usageMetadata;
    expect(raw).toMatchObject({ promptTokenCount: 1310, candidatesTokenCount: 27, cachedContentTokenCount: 1024, thoughtsTokenCount: 118 });
    // input 1310 − 1024 = 286, output 27 + 118 = 145: 286×0.3 + 1024×0.03 + 145×2.5 = 479.02 µ$ = $0.00047902
    expect(costE10(usage({ input: 286, cacheRead: 1024, output: 145, reasoning: 118 }), GEMINI_2_5_FLASH)).toBe(4_790_200n);
  });

  it('Ollama: prompt_eval_count and eval_count only, free unless priced in the config', () => {
    const raw = json('ollama', 'chat_response.json');
    expect(raw).toMatchObject({ prompt_eval_count: 412, eval_count: 27 });
    const u = usage({ input: 412, output: 27 });
    expect(costE10(u, { input: 0, output: 0 })).toBe(0n);
    // 412×0.1 + 27×0.2 = 46.6 µ$ = $0.0000466
    expect(costE10(u, { input: 0.1, output: 0.2 })).toBe(466_000n);
  });

  it('DeepSeek: a price with many decimals stays exact (1M cached tokens at 0.0028 = $0.0028, not 0.0027999…)', () => {
    expect(costE10(usage({ cacheRead: 1_000_000 }), DEEPSEEK_CHAT)).toBe(28_000_000n);
    expect(costE10(usage({ input: 3_000_000, output: 7 }), { input: 0.1, output: 0.2 })).toBe(3_000_014_000n); // $0.3000014
  });

  it('reasoning tokens are display-only: they never add to the cost', () => {
    const withReasoning = costE10(usage({ input: 1000, output: 500, reasoning: 400 }), GPT_5_MINI);
    const without = costE10(usage({ input: 1000, output: 500, reasoning: 0 }), GPT_5_MINI);
    expect(withReasoning).toBe(without);
  });

  it('cache read and cache write fall back to the input price when the price has none', () => {
    expect(costE10(usage({ cacheRead: 1000, cacheWrite: 1000 }), { input: 1, output: 2 })).toBe(20_000_000n);
    expect(costE10(usage({ cacheRead: 1_000_000, cacheWrite: 1_000_000 }), { input: 1, output: 2 })).toBe(20_000_000_000n);
  });

  it('is exact below a micro-dollar: a price with up to 4 decimals never rounds', () => {
    expect(costE10(usage({ input: 1 }), { input: 0.25, output: 0 })).toBe(2_500n); // 0.25 µ$
    expect(costE10(usage({ input: 3 }), { input: 0.1, output: 0 })).toBe(3_000n); // 0.3 µ$
    expect(costE10(usage({ input: 1 }), { input: 0.0001, output: 0 })).toBe(1n); // the finest: $1e-10
  });

  it('golden: gemini-2.5-pro, 21 prompt + 9 completion tokens, costs $0.00011625; a 20-token embedding at $0.02/1M $0.0000004', () => {
    const GEMINI_2_5_PRO: Price = { input: 1.25, output: 10, cacheRead: 0.31 };
    expect(moneyToDecimal(costE10(usage({ input: 21, output: 9 }), GEMINI_2_5_PRO))).toBe('0.00011625');
    expect(moneyToDecimal(costE10(usage({ input: 20 }), { input: 0.02, output: 0 }))).toBe('0.0000004');
  });

  it('a price with more than 4 decimals: the whole cost is rounded once, half-up, to 1e-10 USD', () => {
    const p: Price = { input: 0.00001, output: 0.00001 }; // 0.1 unit per token
    expect(costE10(usage({ input: 4 }), p)).toBe(0n); // 0.4 → 0
    expect(costE10(usage({ input: 5 }), p)).toBe(1n); // 0.5 → 1
    expect(costE10(usage({ input: 3, output: 2 }), p)).toBe(1n); // 0.3 + 0.2 summed before rounding, not 0 + 0
  });

  it('ignores negative, fractional and non-finite token counts safely', () => {
    expect(costE10(usage({ input: -5, output: Number.NaN, cacheRead: 2.9 }), { input: 1_000_000, output: 1 })).toBe(20_000_000_000n);
  });

  it('equals an exact rational computation for random usage and prices (property)', () => {
    fc.assert(
      fc.property(
        fc.record({ input: fc.nat(5_000_000), cacheRead: fc.nat(5_000_000), cacheWrite: fc.nat(5_000_000), output: fc.nat(5_000_000) }),
        fc.array(fc.integer({ min: 0, max: 200_000_000 }), { minLength: 4, maxLength: 4 }),
        (u, cents) => {
          // prices with up to 6 decimals: cents[i] / 1e6 USD per 1M tokens
          const price: Price = { input: cents[0] / 1e6, output: cents[1] / 1e6, cacheRead: cents[2] / 1e6, cacheWrite: cents[3] / 1e6 };
          const exact = BigInt(u.input) * BigInt(cents[0]) + BigInt(u.output) * BigInt(cents[1]) + BigInt(u.cacheRead) * BigInt(cents[2]) + BigInt(u.cacheWrite) * BigInt(cents[3]);
          // exact is in 1e-12 USD (tokens × USD/1e6/1e6): units of 1e-10 USD = exact / 100, half-up
          const expected = exact / 100n + ((exact % 100n) * 2n >= 100n ? 1n : 0n);
          expect(costE10({ ...u, reasoning: 0 }, price)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('nanoPerMillion', () => {
  it('parses decimal text without float arithmetic, including exponents', () => {
    expect(nanoPerMillion(0.0028)).toBe(2_800_000n);
    expect(nanoPerMillion(3.75)).toBe(3_750_000_000n);
    expect(nanoPerMillion(1e-7)).toBe(100n);
    expect(nanoPerMillion('0.1')).toBe(100_000_000n);
    expect(nanoPerMillion(0)).toBe(0n);
    expect(nanoPerMillion(1e21)).toBe(10n ** 30n);
    expect(nanoPerMillion('0.0000000015')).toBe(2n); // rounded half-up at the 9th decimal
  });

  it('refuses negative or non-finite prices', () => {
    expect(() => nanoPerMillion(-1)).toThrow(RangeError);
    expect(() => nanoPerMillion(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => nanoPerMillion('abc')).toThrow(RangeError);
  });
});

describe('reservationFor', () => {
  it('reserves nothing for a free model', () => {
    expect(reservationFor(null, 1000, 1000)).toEqual({ reserveE10: 0n, estimateE10: 0n });
  });

  it('reserves (prompt × 1.25 + 256) at the dearest input kind + max output × output price, rounded up', () => {
    // prompt 1000 → 1250 + 256 = 1506 tokens × 3.75 (cache write) = 5647.5; 1000 × 15 = 15000 → 20647.5 µ$, exact
    const r = reservationFor(CLAUDE_SONNET_4_5, 1000, 1000);
    expect(r.reserveE10).toBe(206_475_000n);
    // estimate: 1000 × 3 + 1000 × 15 / 2 = 10500 µ$
    expect(r.estimateE10).toBe(105_000_000n);
  });

  it('always covers the real cost of any usage within the prompt estimate and max output', () => {
    fc.assert(
      fc.property(fc.nat(200_000), fc.nat(100_000), fc.nat(100), fc.nat(100), (prompt, maxOut, cachedPct, writePct) => {
        const cacheRead = Math.floor((prompt * cachedPct) / 100);
        const cacheWrite = Math.floor(((prompt - cacheRead) * writePct) / 100);
        const u = usage({ input: prompt - cacheRead - cacheWrite, cacheRead, cacheWrite, output: maxOut });
        for (const price of [GPT_5_MINI, CLAUDE_SONNET_4_5, GEMINI_2_5_FLASH, DEEPSEEK_CHAT]) {
          expect(costE10(u, price)).toBeLessThanOrEqual(reservationFor(price, prompt, maxOut).reserveE10);
        }
      }),
      { numRuns: 300 },
    );
  });
});
