import { readFileSync } from 'node:fs';
import { Catalog, parseCatalogDocument, parseCatalogText, priceFromCost } from '../../../src/registry/index.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../../fixtures/registry/models-dev.small.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function parsedOk(doc: unknown, keep?: string[]) {
  const result = parseCatalogDocument(doc, { keepProviders: keep ? new Set(keep) : null });
  if (!result.ok) throw new Error(`rejected: ${result.error}`);
  return result;
}

describe('parseCatalogDocument: a models.dev api.json', () => {
  it('normalizes every model of the real-format snapshot with the repo values', () => {
    const { models, warnings } = parsedOk(FIXTURE);
    expect(warnings).toEqual([]);
    expect(models.map((m) => `${m.provider}/${m.id}`)).toEqual([
      'openai/gpt-4o', 'openai/gpt-5', 'openai/gpt-5-mini', 'openai/o3',
      'anthropic/claude-sonnet-4-5', 'anthropic/claude-opus-4-1', 'anthropic/claude-haiku-4-5',
      'google/gemini-2.5-pro', 'google/gemini-2.5-flash',
      'deepseek/deepseek-chat', 'deepseek/deepseek-reasoner',
      'xai/grok-4.3',
    ]);
    const mini = models.find((m) => m.id === 'gpt-5-mini');
    expect(mini).toEqual({
      provider: 'openai', id: 'gpt-5-mini', name: 'GPT-5 Mini', price: { input: 0.25, output: 2, cacheRead: 0.025 },
      contextWindow: 400000, maxOutput: 128000, toolCall: true, attachment: true, reasoning: true,
    });
    expect(models.find((m) => m.id === 'claude-sonnet-4-5')?.price).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  });

  it('keeps the base prices of a model with context tiers, and the tier above 200k prompt tokens', () => {
    const pro = parsedOk(FIXTURE).models.find((m) => m.id === 'gemini-2.5-pro');
    expect(pro?.price).toEqual({ input: 1.25, output: 10, cacheRead: 0.125, tiers: [{ above: 200000, input: 2.5, output: 15, cacheRead: 0.25 }] });
    expect(pro?.contextWindow).toBe(1048576);
  });

  it('treats a missing cost as unknown (null), never as free', () => {
    const { models } = parsedOk({ p: { models: { m: { id: 'm', name: 'M', limit: { context: 10, output: 5 } } } } });
    expect(models[0].price).toBeNull();
  });

  it('keeps an explicit zero price (a free model is priced 0, not unknown)', () => {
    const { models } = parsedOk({ p: { models: { m: { cost: { input: 0, output: 0 } } } } });
    expect(models[0].price).toEqual({ input: 0, output: 0 });
  });

  it.each([
    ['a negative input price', { input: -1, output: 1 }],
    ['a missing output price', { input: 1 }],
    ['a string price', { input: '1', output: 2 }],
    ['an infinite price', { input: 1, output: Infinity }],
    ['a cost that is not an object', 3],
  ])('leaves %s unpriced and says so', (_label, cost) => {
    const { models, warnings } = parsedOk({ p: { models: { good: { cost: { input: 1, output: 2 } }, bad: { cost } } } });
    expect(models.find((m) => m.id === 'good')?.price).toEqual({ input: 1, output: 2 });
    expect(models.find((m) => m.id === 'bad')?.price).toBeNull();
    expect(warnings.join('\n')).toContain('p/bad');
  });

  it('ignores invalid optional cache prices and limits instead of inventing values', () => {
    const { models } = parsedOk({ p: { models: { m: { cost: { input: 1, output: 2, cache_read: -3, cache_write: 'x' }, limit: { context: -5, output: 1.5 } } } } });
    expect(models[0]).toMatchObject({ id: 'm', name: 'm', price: { input: 1, output: 2 }, contextWindow: null, maxOutput: null, toolCall: false });
    expect(models[0].price).not.toHaveProperty('cacheRead');
  });

  it('skips malformed provider and model entries but keeps the rest', () => {
    const { models, warnings } = parsedOk({ broken: { models: [] }, alsoBroken: 'x', p: { models: { ok: { cost: { input: 1, output: 1 } }, nope: 42 } } });
    expect(models.map((m) => m.id)).toEqual(['ok']);
    expect(warnings).toHaveLength(3);
  });

  it('keeps only the requested providers', () => {
    const { models } = parsedOk(FIXTURE, ['anthropic', 'xai']);
    expect(new Set(models.map((m) => m.provider))).toEqual(new Set(['anthropic', 'xai']));
    expect(models).toHaveLength(4);
  });

  it.each([
    ['null', null],
    ['an array', [{ models: {} }]],
    ['a string', 'models'],
    ['an empty object', {}],
    ['providers without a models object', { openai: { id: 'openai' } }],
    ['providers with no model', { openai: { models: {} } }],
    ['only malformed models', { openai: { models: { a: null, b: 'x' } } }],
  ])('rejects %s', (_label, doc) => {
    const result = parseCatalogDocument(doc);
    expect(result.ok).toBe(false);
  });

  it('rejects a document whose kept providers hold no model', () => {
    expect(parseCatalogDocument(FIXTURE, { keepProviders: new Set(['mistral']) }).ok).toBe(false);
  });

  it('rejects text that is not JSON, naming the problem', () => {
    const result = parseCatalogText('{"openai": {"models": ');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(parseCatalogText('<html>502 Bad Gateway</html>').ok).toBe(false);
  });

  it('priceFromCost maps models.dev keys to Price', () => {
    expect(priceFromCost({ input: 1, output: 2, cache_read: 0.1, cache_write: 1.25, reasoning: 9 })).toEqual({ price: { input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.25 } });
    expect(priceFromCost(undefined)).toEqual({ price: null });
  });
});

describe('Catalog', () => {
  const catalog = new Catalog(parsedOk({
    groq: { models: { shared: { cost: { input: 9, output: 9 } } } },
    openai: { models: { shared: { cost: { input: 1, output: 2 } }, solo: { cost: { input: 3, output: 4 } } } },
    zeta: { models: { shared: { cost: { input: 0, output: 0 } }, z: {} } },
  }).models);

  it('looks the model up at the given provider first', () => {
    expect(catalog.lookup('groq', 'shared')?.price).toEqual({ input: 9, output: 9 });
    expect(catalog.lookup('zeta', 'shared')?.price).toEqual({ input: 0, output: 0 });
  });

  it('then at any provider, first-party vendors before others, whatever the document order', () => {
    expect(catalog.lookup(null, 'shared')?.provider).toBe('openai');
    expect(catalog.lookup('anthropic', 'shared')?.provider).toBe('openai');
    expect(catalog.lookup(null, 'z')?.provider).toBe('zeta');
    expect(catalog.lookup('openai', 'missing')).toBeNull();
  });

  it('is immutable: readers cannot change a generation', () => {
    expect(Object.isFrozen(catalog.models)).toBe(true);
    expect(Object.isFrozen(catalog.models[0])).toBe(true);
    expect(() => (catalog.models as unknown as unknown[]).push({})).toThrow();
    const price = catalog.lookup('openai', 'solo')?.price as { input: number };
    expect(() => {
      price.input = 0;
    }).toThrow();
    expect(catalog.size).toBe(5);
  });
});

describe('pricing helpers', () => {
  it('a provider\'s configured price overrides the catalog price for that model only', async () => {
    const { effectivePrice, priceToApi } = await import('../../../src/registry/index.js');
    const catalog = { input: 3, output: 15, cacheRead: 0.3 };
    expect(effectivePrice({ 'gpt-4o': { input: 5, output: 15, cache_read: 1 } }, 'gpt-4o', catalog)).toEqual({ input: 5, output: 15, cacheRead: 1 });
    expect(effectivePrice({ 'gpt-4o': { input: 5, output: 15 } }, 'claude', catalog)).toBe(catalog);
    expect(effectivePrice(undefined, 'constructor', null)).toBeNull();
    expect(effectivePrice({}, 'toString', null)).toBeNull();
    expect(priceToApi({ input: 1, output: 2 })).toEqual({ input: 1, output: 2, cache_read: null, cache_write: null });
    expect(priceToApi(null)).toBeNull();
  });
});
