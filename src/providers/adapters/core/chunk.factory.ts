import type { ChatChunk, ChunkDelta, FinishReason, ToolCallDelta } from './openai.types.js';

/** Builds OpenAI chat.completion.chunk objects sharing one id/created/model. */
export class ChunkFactory {
  constructor(
    public id: string,
    public created: number,
    public model: string,
  ) {}

  chunk(delta: ChunkDelta, index = 0, finish: FinishReason | null = null): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index, delta, logprobs: null, finish_reason: finish }],
    };
  }

  role(index = 0): ChatChunk {
    return this.chunk({ role: 'assistant', content: '' }, index);
  }

  content(text: string, index = 0): ChatChunk {
    return this.chunk({ content: text }, index);
  }

  reasoning(text: string, index = 0): ChatChunk {
    return this.chunk({ reasoning_content: text }, index);
  }

  toolCall(call: ToolCallDelta, index = 0): ChatChunk {
    return this.chunk({ tool_calls: [call] }, index);
  }

  finish(reason: FinishReason, index = 0): ChatChunk {
    return this.chunk({}, index, reason);
  }
}

export function nowSeconds(now: number | undefined): number {
  return now ?? Math.floor(Date.now() / 1000);
}

/** `stop` becomes `tool_calls` when the answer carried a tool call. */
export function withToolCalls(reason: FinishReason, sawToolCall: boolean): FinishReason {
  return reason === 'stop' && sawToolCall ? 'tool_calls' : reason;
}
