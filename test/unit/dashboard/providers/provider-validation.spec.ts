import { baseUrlProblem, pricingProblem } from '../../../../src/dashboard/providers/provider.validators.js';
import { defaultBaseUrl } from '../../../../src/dashboard/providers/provider-defaults.js';
import { last4Of, maskedSecret, scrubSecret } from '../../../../src/providers/store/secret-mask.js';
import { defaultSettings, parseSettings, serializeSettings } from '../../../../src/providers/store/provider-settings.js';

describe('provider base URL validation', () => {
  it.each(['https://api.openai.com/v1', 'http://127.0.0.1:11434', 'http://[::1]:8080/v1/'])('accepts %s', (url) => {
    expect(baseUrlProblem(url)).toBeNull();
  });

  it.each([
    ['file:///etc/passwd', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['ftp://example.com', 'http or https'],
    ['data:text/plain,hi', 'http or https'],
    ['api.openai.com/v1', 'absolute'],
    ['https://user:pw@example.com', 'credentials'],
    ['https://example.com/v1?key=x', 'query'],
    ['https://exa mple.com', 'spaces'],
    ['', 'non-empty'],
  ])('refuses %s', (url, why) => {
    expect(baseUrlProblem(url)).toContain(why);
  });

  it('refuses non-strings and very long URLs', () => {
    expect(baseUrlProblem(42)).not.toBeNull();
    expect(baseUrlProblem(`https://example.com/${'a'.repeat(600)}`)).toContain('at most');
  });
});

describe('provider pricing validation', () => {
  it('accepts a model → price map', () => {
    expect(pricingProblem({ 'm-1': { input: 1.25, output: 10 }, 'm-2': { input: 0, output: 0, cache_read: 0.1, cache_write: 2 } })).toBeNull();
  });

  it.each([
    [[], 'object'],
    [{ m: { input: 1 } }, 'needs output'],
    [{ m: { input: -1, output: 1 } }, 'from 0'],
    [{ m: { input: '1', output: 1 } }, 'from 0'],
    [{ m: { input: 1, output: 1, extra: 2 } }, 'unknown field'],
    [{ m: 3 }, 'must be an object'],
  ])('refuses %j', (value, why) => {
    expect(pricingProblem(value)).toContain(why);
  });
});

describe('default base URLs', () => {
  it('knows the public URL of each kind and preset, and none for a bare openai-compatible', () => {
    expect(defaultBaseUrl('openai')).toBe('https://api.openai.com/v1');
    expect(defaultBaseUrl('ollama')).toBe('http://127.0.0.1:11434');
    expect(defaultBaseUrl('openai-compatible', 'deepseek')).toBe('https://api.deepseek.com/v1');
    expect(defaultBaseUrl('openai-compatible')).toBeNull();
    expect(defaultBaseUrl('openai-compatible', 'nope')).toBeNull();
  });
});

describe('write-only secrets', () => {
  it('shows only the last four characters of a long key, nothing of a short one', () => {
    const key = 'sk-test-1234567890abcd';
    expect(maskedSecret(true, last4Of(key))).toBe('••••abcd');
    expect(last4Of('short-key')).toBeNull();
    expect(maskedSecret(true, last4Of('short-key'))).toBe('••••');
    expect(maskedSecret(false, null)).toBeNull();
  });

  it('scrubs a key out of a message', () => {
    expect(scrubSecret('401 for key sk-secret-value-123 (sk-secret-value-123)', 'sk-secret-value-123')).toBe('401 for key •••• (••••)');
    expect(scrubSecret('nothing here', undefined)).toBe('nothing here');
  });
});

describe('stored provider settings', () => {
  it('round-trips and falls back to defaults for missing or broken JSON', () => {
    const s = { ...defaultSettings(), preset: 'groq', timeout_seconds: 12, models: ['a'], pricing: { a: { input: 1, output: 2 } } };
    expect(parseSettings(serializeSettings(s))).toEqual(s);
    expect(parseSettings(null)).toEqual(defaultSettings());
    expect(parseSettings('{not json')).toEqual(defaultSettings());
    expect(parseSettings('[1,2]')).toEqual(defaultSettings());
    expect(parseSettings('{"timeout_seconds":"x"}').timeout_seconds).toBe(30);
  });
});
