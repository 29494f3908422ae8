import { PROVIDER_KINDS, getAdapter, isProviderKind } from '../../../src/providers/adapters/index.js';

describe('getAdapter', () => {
  it.each(PROVIDER_KINDS)('returns the %s adapter', (kind) => {
    const a = getAdapter(kind);
    expect(a.kind).toBe(kind);
    expect(new URL(a.defaultBaseUrl).protocol).toMatch(/^https?:$/);
  });

  it('has embeddings for every kind but anthropic', () => {
    expect(PROVIDER_KINDS.filter((k) => getAdapter(k).embeddings)).toEqual(['openai', 'gemini', 'ollama', 'openai-compatible']);
  });

  it('throws on an unknown kind', () => {
    expect(isProviderKind('bedrock')).toBe(false);
    expect(() => getAdapter('bedrock')).toThrow("Unknown provider kind 'bedrock'");
  });
});
