import { IMAGE_TOKENS, estimateEmbeddingTokens, estimatePromptTokens } from '../../../../src/gateway/chat/token.estimate.js';

describe('token estimates for admission', () => {
  it('counts about four characters a token plus per-message overhead', () => {
    const small = estimatePromptTokens({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(400) }] });
    expect(small).toBeGreaterThanOrEqual(100);
    expect(small).toBeLessThan(120);
  });

  it('charges images a fixed amount and counts tools and tool calls', () => {
    const withImage = estimatePromptTokens({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] });
    expect(withImage).toBeGreaterThanOrEqual(IMAGE_TOKENS);
    const tools = estimatePromptTokens({
      model: 'm',
      messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'get_weather', arguments: 'x'.repeat(200) } }] }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'y'.repeat(400) } }],
    });
    expect(tools).toBeGreaterThan(150);
  });

  it('estimates embedding inputs', () => {
    expect(estimateEmbeddingTokens('x'.repeat(40))).toBe(10);
    expect(estimateEmbeddingTokens(['x'.repeat(8), 'y'.repeat(8)])).toBe(4);
    expect(estimateEmbeddingTokens([[1, 2, 3], [4]])).toBe(4);
  });
});
