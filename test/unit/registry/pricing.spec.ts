import { effectivePrice, priceFromConfig, priceToApi } from '../../../src/registry/pricing.js';

const catalog = { input: 2.5, output: 10 };

describe('the one price rule (effectivePrice)', () => {
  const pricing = { 'gpt-4o': { input: 5, output: 15 }, 'my-alias': { input: 1, output: 2, cache_read: 0.5 } };

  it('a configured price for the upstream model wins over the catalog', () => {
    expect(effectivePrice(pricing, 'gpt-4o', catalog)).toEqual({ input: 5, output: 15 });
    expect(effectivePrice(pricing, 'gpt-4o', catalog, 'my-alias')).toEqual({ input: 5, output: 15 });
  });

  it('then the configured price under the requested name (an alias), then the catalog, then nothing', () => {
    expect(effectivePrice(pricing, 'gpt-4.1', catalog, 'my-alias')).toEqual({ input: 1, output: 2, cacheRead: 0.5 });
    expect(effectivePrice(pricing, 'gpt-4.1', catalog)).toBe(catalog);
    expect(effectivePrice(undefined, 'gpt-4.1', null)).toBeNull();
  });

  it('a configured free model is priced (zero), not unknown', () => {
    expect(effectivePrice({ 'llama3.2': { input: 0, output: 0 } }, 'llama3.2', null)).toEqual({ input: 0, output: 0 });
  });

  it('reads only the pricing object\'s own entries: a model named like an Object member is not priced by it', () => {
    expect(effectivePrice({}, 'constructor', null)).toBeNull();
    expect(effectivePrice({}, '__proto__', catalog)).toBe(catalog);
  });

  it('converts each configured entry once, into a frozen Price shared by every request', () => {
    const entry = { input: 3, output: 4, cache_write: 3.75 };
    const first = priceFromConfig(entry);
    expect(first).toEqual({ input: 3, output: 4, cacheWrite: 3.75 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(priceFromConfig(entry)).toBe(first);
    expect(priceFromConfig({ ...entry })).not.toBe(first); // a changed definition brings a new object, so a new price
  });

  it('shows prices on the admin API with absent cache prices as null', () => {
    expect(priceToApi({ input: 1, output: 2 })).toEqual({ input: 1, output: 2, cache_read: null, cache_write: null });
    expect(priceToApi(null)).toBeNull();
  });
});
