import fc from 'fast-check';
import { getEncoding } from 'js-tiktoken';
import { anthropicErrorType, toAnthropicEnvelope, ApiError } from '../../../../src/common/index.js';
import { estimateMessagesTokens } from '../../../../src/gateway/messages/messages.tokens.js';
import { fixtureJson } from '../../providers/adapters/support/fixtures.js';

const encoders = [getEncoding('cl100k_base'), getEncoding('o200k_base')];

/** The most tokens any of two real BPE tokenizers gives the request's text (its JSON, a generous stand-in). */
function realTokens(body: unknown): number {
  const text = JSON.stringify(body);
  return Math.max(...encoders.map((e) => e.encode(text).length));
}

describe('count_tokens estimate for non-Anthropic routes', () => {
  it('is at least what real tokenizers count for the documented request (images at their fixed cost)', () => {
    const req = fixtureJson<Record<string, unknown>>('anthropic', 'messages_request.json');
    expect(estimateMessagesTokens(req)).toBeGreaterThanOrEqual(realTokens({ ...req, messages: [] }));
  });

  // Natural text and code in several scripts (random character soup, at about 1.6 characters a token, is outside the claim).
  const WORDS = ['the', 'photo', 'was', 'taken', 'in', 'Paris', 'weather', 'const', 'x', '=', '{', '}', '(', ')', ';', 'return', 'await', 'getWeather', 'city_name', '42', '3.14', '\n', '  ', '東京', 'タワー', 'はどこですか', '？', 'Привет', 'мир', 'naïve', 'café', '🙂', '🚀', 'ü', '"', "'", '=>', '//', '#', '-', '*'];
  const natural = fc.array(fc.constantFrom(...WORDS), { maxLength: 300 }).map((ws) => ws.join(' '));

  it('stays an upper bound on natural text and code: English, code, CJK, Cyrillic, emoji', () => {
    fc.assert(
      fc.property(fc.oneof(natural, fc.constantFrom('東京タワーはどこですか？'.repeat(20), 'function f(x) { return x ** 2; }\n'.repeat(20), '🙂🚀'.repeat(50))), (text) => {
        const body = { messages: [{ role: 'user', content: text }] };
        const counted = Math.max(...encoders.map((e) => e.encode(text).length));
        expect(estimateMessagesTokens(body)).toBeGreaterThanOrEqual(counted);
      }),
      { numRuns: 150 },
    );
  });

  it('counts system, tool results, tool definitions and images', () => {
    const base = estimateMessagesTokens({ messages: [{ role: 'user', content: 'hi' }] });
    expect(estimateMessagesTokens({ system: 'x'.repeat(400), messages: [{ role: 'user', content: 'hi' }] })).toBeGreaterThan(base + 100);
    expect(estimateMessagesTokens({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] }] })).toBeGreaterThanOrEqual(1600);
    expect(estimateMessagesTokens({ tools: [{ name: 't', input_schema: { type: 'object', properties: { a: { type: 'string', description: 'y'.repeat(400) } } } }], messages: [{ role: 'user', content: 'hi' }] })).toBeGreaterThan(base + 100);
  });
});

describe("Anthropic's error envelope", () => {
  it.each([
    [400, 'invalid_request_error'], [401, 'authentication_error'], [402, 'billing_error'], [403, 'permission_error'], [404, 'not_found_error'],
    [409, 'invalid_request_error'], [413, 'request_too_large'], [429, 'rate_limit_error'], [500, 'api_error'], [502, 'api_error'],
    [503, 'overloaded_error'], [529, 'overloaded_error'], [504, 'timeout_error'],
  ])('status %i is %s', (status, type) => {
    expect(anthropicErrorType(status)).toBe(type);
    expect(toAnthropicEnvelope(new ApiError(status, 'x', 'why'))).toEqual({ type: 'error', error: { type, message: 'why' } });
  });
});
