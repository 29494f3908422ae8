import { anthropicError, anthropicMidStreamError, anthropicResponder } from './anthropic.mock.js';
import { geminiError, geminiMidStreamError, geminiResponder } from './gemini.mock.js';
import { MockServer } from './mock.server.js';
import type { Behaviour } from './mock.types.js';
import { ollamaError, ollamaMidStreamError, ollamaResponder } from './ollama.mock.js';
import { openaiError, openaiMidStreamError, openaiResponder } from './openai.mock.js';

export type MockKind = 'openai' | 'anthropic' | 'gemini' | 'ollama';

export { MockServer } from './mock.server.js';
export type { Behaviour, RecordedRequest, Responder, Script } from './mock.types.js';
export { fixtureFrames, fixtureJson, fixtureText, sse } from './fixtures.js';
export { responsesMidStreamFailure } from './openai-responses.mock.js';

/**
 * A mock upstream speaking one provider protocol over real HTTP, built from test/fixtures/providers. Unscripted
 * requests get the protocol's faithful answer (text, tool call or final answer by the conversation's shape,
 * streamed or not); `script()` injects faults per request. `baseUrl` is what a provider's base_url should be.
 */
export class MockUpstream extends MockServer {
  constructor(readonly kind: MockKind, readonly apiKey?: string) {
    super(
      kind === 'openai'
        ? openaiResponder({ apiKey })
        : kind === 'anthropic'
          ? anthropicResponder({ apiKey })
          : kind === 'gemini'
            ? geminiResponder({ apiKey })
            : ollamaResponder(),
    );
  }

  get baseUrl(): string {
    return this.kind === 'gemini' ? `${this.url}/v1beta` : this.kind === 'ollama' ? this.url : `${this.url}/v1`;
  }

  /** The protocol's error answer for an HTTP status (fixture body). */
  error(status: number, headers?: Record<string, string>): Behaviour {
    const b = this.kind === 'openai' ? openaiError(status) : this.kind === 'anthropic' ? anthropicError(status) : this.kind === 'gemini' ? geminiError(status) : ollamaError(status);
    return headers ? { ...b, headers: { ...b.headers, ...headers } } : b;
  }

  /** A 200 stream that fails after some content, in the protocol's own way (fixture). */
  midStreamError(): Behaviour {
    return this.kind === 'openai' ? openaiMidStreamError() : this.kind === 'anthropic' ? anthropicMidStreamError() : this.kind === 'gemini' ? geminiMidStreamError() : ollamaMidStreamError();
  }

  /** The protocol's chat path suffix (for requestsTo). */
  get chatPath(): string {
    return this.kind === 'openai' ? '/chat/completions' : this.kind === 'anthropic' ? '/messages' : this.kind === 'gemini' ? 'Content' : '/api/chat';
  }
}

export async function startMockUpstream(kind: MockKind, options: { apiKey?: string } = {}): Promise<MockUpstream> {
  return new MockUpstream(kind, options.apiKey).start();
}
