import { redactSecrets } from '../../../../src/providers/transport/secret.redactor.js';

describe('redactSecrets', () => {
  it('removes the provider key wherever it appears', () => {
    expect(redactSecrets('bad key: my-custom-key-123 (my-custom-key-123)', ['my-custom-key-123'])).toBe('bad key: [redacted] ([redacted])');
  });

  it('removes key-shaped tokens, query keys and bearer tokens even when the key is unknown', () => {
    const text = 'Incorrect API key provided: sk-proj-****Zx9Q; url https://x/v1?key=AIzaSyA1234567890abcdefghij&alt=sse; header Bearer abcdefghijklmnop';
    const out = redactSecrets(text);
    expect(out).not.toContain('sk-proj');
    expect(out).not.toContain('AIza');
    expect(out).toContain('?key=[redacted]&alt=sse');
    expect(out).toContain('Bearer [redacted]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('The server had an error while processing your request.', ['k'])).toBe('The server had an error while processing your request.');
  });
});
