import { AdapterError, PROVIDER_KINDS, getAdapter, isProviderKind, type ChatRequest } from '../../../../src/providers/adapters/index.js';
import { ctx } from './support/context.js';

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

  // The validator at the edge accepts OpenAI's deprecated `function` role (the same CHAT_ROLES list): OpenAI kinds relay
  // it as sent; a translating kind refuses it as unsupported by that provider, never as an unknown role.
  const withFunctionRole: ChatRequest = {
    model: 'm',
    messages: [{ role: 'user', content: 'weather?' }, { role: 'function', name: 'get_weather', content: '{"t":21}' }],
  };
  it.each(['openai', 'openai-compatible'] as const)('%s relays a function-role message as sent', (kind) => {
    const body = getAdapter(kind).toWire(withFunctionRole, ctx('m')).body as { messages: Array<{ role: string }> };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'function']);
  });
  it.each(['anthropic', 'gemini', 'ollama'] as const)('%s refuses a function-role message as unsupported', (kind) => {
    let error: unknown;
    try {
      getAdapter(kind).toWire(withFunctionRole, ctx('m'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AdapterError);
    expect((error as AdapterError).message).toMatch(/^Parameter 'messages\[1\]\.role' is not supported by the .+ provider: the deprecated 'function' role/);
  });
});
