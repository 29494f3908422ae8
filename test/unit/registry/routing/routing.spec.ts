import fc from 'fast-check';
import { AppConfig, RoutingRule } from '../../../../src/config/index.js';
import { DEFAULT_ROUTING_RULES, RoutingService, classifyPattern, compileRouteTable, resolveRoute, type RoutingRuleInput } from '../../../../src/registry/index.js';

const ALL = new Set(['openai', 'anthropic', 'gemini', 'deepseek', 'xai', 'mistral', 'ollama', 'openrouter', 'groq', 'azure']);
const NONE = compileRouteTable([]);

function service(rules: RoutingRuleInput[]): RoutingService {
  const config = new AppConfig();
  config.routing = rules.map((r) => Object.assign(new RoutingRule(), r));
  return new RoutingService(config);
}

describe('default routing table (no routing section)', () => {
  const routing = service([]);
  it.each([
    ['gpt-4o', 'openai'],
    ['gpt-5-mini', 'openai'],
    ['o1', 'openai'],
    ['o1-preview', 'openai'],
    ['o3-mini', 'openai'],
    ['o4-mini', 'openai'],
    ['claude-sonnet-4-5', 'anthropic'],
    ['gemini-2.5-pro', 'gemini'],
    ['deepseek-chat', 'deepseek'],
    ['grok-4.3', 'xai'],
    ['mistral-large-latest', 'mistral'],
    ['codestral-latest', 'mistral'],
    ['llama3.1:8b', 'ollama'],
    ['qwen2.5', 'ollama'],
    ['o2', 'ollama'],
    ['GPT-4o', 'ollama'],
    ['claude', 'ollama'],
    ['', 'ollama'],
  ])('%j → %s', (model, provider) => {
    expect(routing.resolve(model, ALL)).toEqual({ provider, upstreamModel: model, fallbacks: [] });
  });

  it('has no route when the default provider is not configured', () => {
    expect(routing.resolve('gpt-4o', new Set(['anthropic']))).toBeNull();
    expect(routing.resolve('llama3', new Set(['openai']))).toBeNull();
    expect(routing.resolve('gpt-4o', new Set())).toBeNull();
  });
});

describe('explicit provider/model', () => {
  const routing = service([{ match: 'anthropic/*', provider: 'openrouter' }]);
  it('goes to the named provider with the rest as the upstream model', () => {
    expect(routing.resolve('anthropic/claude-sonnet-4-5', ALL)).toEqual({ provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', fallbacks: [] });
    expect(routing.resolve('openrouter/meta-llama/llama-3-70b', ALL)).toEqual({ provider: 'openrouter', upstreamModel: 'meta-llama/llama-3-70b', fallbacks: [] });
  });

  it('is not explicit when the prefix is not a known provider name: rules and defaults apply to the whole id', () => {
    const known = new Set(['openrouter', 'ollama']);
    expect(routing.resolve('anthropic/claude-sonnet-4-5', known)).toEqual({ provider: 'openrouter', upstreamModel: 'anthropic/claude-sonnet-4-5', fallbacks: [] });
    expect(routing.resolve('meta-llama/llama-3', known)).toEqual({ provider: 'ollama', upstreamModel: 'meta-llama/llama-3', fallbacks: [] });
  });

  it('needs a non-empty prefix and model', () => {
    expect(routing.resolve('openai/', ALL)).toEqual({ provider: 'ollama', upstreamModel: 'openai/', fallbacks: [] });
    expect(routing.resolve('/gpt-4o', ALL)).toEqual({ provider: 'ollama', upstreamModel: '/gpt-4o', fallbacks: [] });
  });
});

describe('configured rules: exact, then prefix*, then glob; first match wins in each class', () => {
  const rules: RoutingRuleInput[] = [
    { match: '*-mini', provider: 'groq' },
    { match: 'gpt-*', provider: 'azure', fallback: ['openai'] },
    { match: 'gpt-4*', provider: 'openrouter' },
    { match: 'gpt-4o', provider: 'openai', model: 'gpt-4o-2024-11-20' },
    { match: 'gpt-4o', provider: 'groq' },
    { match: 'claude-*', provider: 'anthropic', fallback: ['openrouter', 'anthropic', 'missing'] },
    { match: 'llama*', provider: 'ollama' },
    { match: 'o[13]-*', provider: 'openrouter' },
    { match: '*', provider: 'openrouter' },
  ];
  const routing = service(rules);

  it('classifies patterns', () => {
    expect(rules.map((r) => classifyPattern(r.match))).toEqual(['glob', 'prefix', 'prefix', 'exact', 'exact', 'prefix', 'prefix', 'glob', 'prefix']);
  });

  it('an exact rule beats prefix and glob rules, and may rewrite the upstream model', () => {
    expect(routing.resolve('gpt-4o', ALL)).toEqual({ provider: 'openai', upstreamModel: 'gpt-4o-2024-11-20', fallbacks: [] });
  });

  it('the first matching prefix rule wins, before any glob rule', () => {
    expect(routing.resolve('gpt-4o-mini', ALL)).toEqual({ provider: 'azure', upstreamModel: 'gpt-4o-mini', fallbacks: ['openai'] });
    expect(routing.resolve('gpt-4.1', ALL)).toEqual({ provider: 'azure', upstreamModel: 'gpt-4.1', fallbacks: ['openai'] });
  });

  it('glob rules apply when no exact or prefix rule matches', () => {
    const onlyGlobs = service([{ match: '*-mini', provider: 'groq' }, { match: 'o[13]-*', provider: 'openrouter' }]);
    expect(onlyGlobs.resolve('o3-mini', ALL)).toEqual({ provider: 'groq', upstreamModel: 'o3-mini', fallbacks: [] });
    expect(onlyGlobs.resolve('o1-pro', ALL)).toEqual({ provider: 'openrouter', upstreamModel: 'o1-pro', fallbacks: [] });
    expect(onlyGlobs.resolve('o4-pro', ALL)).toEqual({ provider: 'openai', upstreamModel: 'o4-pro', fallbacks: [] });
  });

  it('a catch-all prefix rule shadows the default table', () => {
    expect(routing.resolve('mistral-large', ALL)).toEqual({ provider: 'openrouter', upstreamModel: 'mistral-large', fallbacks: [] });
  });

  it('keeps known fallbacks in order, without duplicates or the primary', () => {
    expect(routing.resolve('claude-opus-4-1', ALL)).toEqual({ provider: 'anthropic', upstreamModel: 'claude-opus-4-1', fallbacks: ['openrouter'] });
  });

  it('serves from the first known fallback when the primary is not configured', () => {
    expect(routing.resolve('claude-opus-4-1', new Set(['openrouter']))).toEqual({ provider: 'openrouter', upstreamModel: 'claude-opus-4-1', fallbacks: [] });
    expect(routing.resolve('gpt-4.1', new Set(['openai', 'ollama']))).toEqual({ provider: 'openai', upstreamModel: 'gpt-4.1', fallbacks: [] });
  });

  it('has no route when none of the matched rule\'s providers is known (no fall-through to later rules)', () => {
    expect(routing.resolve('claude-opus-4-1', new Set(['ollama', 'groq']))).toBeNull();
  });

  it('matches case-sensitively', () => {
    expect(routing.resolve('GPT-4o', ALL)).toEqual({ provider: 'openrouter', upstreamModel: 'GPT-4o', fallbacks: [] });
    expect(routing.resolve('Llama3', ALL)).toEqual({ provider: 'openrouter', upstreamModel: 'Llama3', fallbacks: [] });
  });

  it('falls back to the default table when no configured rule matches', () => {
    const partial = service([{ match: 'llama*', provider: 'groq' }]);
    expect(partial.resolve('llama-3.3-70b', ALL)).toEqual({ provider: 'groq', upstreamModel: 'llama-3.3-70b', fallbacks: [] });
    expect(partial.resolve('gpt-4o', ALL)).toEqual({ provider: 'openai', upstreamModel: 'gpt-4o', fallbacks: [] });
    expect(partial.resolve('phi3', ALL)).toEqual({ provider: 'ollama', upstreamModel: 'phi3', fallbacks: [] });
  });
});

describe('resolveRoute properties', () => {
  const providerName = fc.constantFrom('openai', 'anthropic', 'gemini', 'ollama', 'openrouter', 'groq', 'nope');
  const pattern = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ maxLength: 8 }).map((s) => `${s}*`),
    fc.array(fc.constantFrom('*', '?', '[', ']', '!', '-', '\\', 'a', 'g', 'p', 't', '/'), { maxLength: 10 }).map((a) => a.join('')),
  );
  const rule = fc.record({ match: pattern, provider: providerName, fallback: fc.option(fc.array(providerName, { maxLength: 3 }), { nil: undefined }), model: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }) });
  const known = fc.subarray(['openai', 'anthropic', 'gemini', 'ollama', 'openrouter', 'groq']).map((a) => new Set(a));
  const model = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('gpt-4o', 'claude-sonnet-4-5', 'openai/gpt-4o', 'o3', 'llama3', 'a/b/c'));

  it('never throws, is deterministic, and only ever routes to a known provider', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), known, model, (rules, names, m) => {
        const table = compileRouteTable(rules);
        const first = resolveRoute(m, names, table);
        expect(resolveRoute(m, names, compileRouteTable(rules))).toEqual(first);
        if (first) {
          expect(names.has(first.provider)).toBe(true);
          for (const f of first.fallbacks) expect(names.has(f)).toBe(true);
          expect(first.fallbacks).not.toContain(first.provider);
          expect(new Set(first.fallbacks).size).toBe(first.fallbacks.length);
          expect(typeof first.upstreamModel).toBe('string');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('with no routing section, equals the default table applied to the whole id (unless explicit)', () => {
    fc.assert(
      fc.property(known, model, (names, m) => {
        const viaDefaults = resolveRoute(m, names, NONE);
        const viaConfigured = resolveRoute(m, names, compileRouteTable(DEFAULT_ROUTING_RULES), NONE);
        expect(viaDefaults).toEqual(viaConfigured);
      }),
      { numRuns: 1000 },
    );
  });
});
